@testable import AuthGenCore
import Testing

@Suite struct MustacheTokenizerTests {
    private func tags(_ text: String) throws -> [MustacheTag] {
        try MustacheTokenizer.tags(in: text).get()
    }

    @Test func everyKindWithItsLineAndColumn() throws {
        let found = try tags("""
            a {{name}} {{{raw}}} {{& amp }}
              {{#list}}{{^empty}}{{/empty}}{{/list}}
            {{> part}}{{<parent}}{{$block}}{{/block}}{{/parent}}{{! a
            comment }}{{%CONTENT_TYPE: TEXT}} {{ dotted.name }}
            """)
        #expect(found.map(\.kind) == [
            .variable, .unescaped, .unescaped, .section, .inverted, .close, .close,
            .partial, .parent, .block, .close, .close, .comment, .pragma, .variable,
        ])
        #expect(found.map(\.name) == [
            "name", "raw", "amp", "list", "empty", "empty", "list", "part", "parent", "block", "block", "parent", "a\ncomment",
            "CONTENT_TYPE: TEXT", "dotted.name",
        ])
        #expect(found.map { "\($0.line):\($0.column)" } == [
            "1:3", "1:12", "1:22", "2:3", "2:12", "2:22", "2:32", "3:1", "3:11", "3:22", "3:32", "3:42", "3:53", "4:11", "4:35",
        ])
    }

    @Test func setDelimiterChangesWhatATagLooksLike() throws {
        let found = try tags("{{=<% %>=}}\n<% name %> {{not.a.tag}} <%={{ }}=%>{{back}}")
        #expect(found.map(\.kind) == [.setDelimiter, .variable, .setDelimiter, .variable])
        #expect(found.map(\.name) == ["<% %>", "name", "{{ }}", "back"])
        #expect(found[1].line == 2 && found[1].column == 1 && found[3].column == 37)
    }

    @Test func anUnfinishedTagIsAnErrorAtItsStart() {
        #expect(throws: MustacheSyntaxError(message: "tag is never closed: add '}}'", line: 2, column: 4)) {
            try tags("ok {{a}}\nno {{b\nmore")
        }
        #expect(throws: MustacheSyntaxError(message: "tag is never closed: add '}}}'", line: 1, column: 1)) {
            try tags("{{{a}}")
        }
        #expect(throws: MustacheSyntaxError(message: "set-delimiter tag needs two delimiters separated by a space, e.g. {{=<% %>=}}", line: 1, column: 1)) {
            try tags("{{=<%=}}")
        }
    }

    @Test func textWithoutTagsHasNone() throws {
        #expect(try tags("plain { text } with } braces {").isEmpty)
        #expect(try tags("").isEmpty)
    }
}
