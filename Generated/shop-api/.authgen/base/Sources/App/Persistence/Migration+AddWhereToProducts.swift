extension Migration {
    /// Adds `where` to `products`.
    static let addWhereToProducts = Migration(
        name: "add_where_to_products",
        sqlite: [
            "ALTER TABLE \"products\" ADD COLUMN \"where\" TEXT",
        ],
        postgres: [
            "ALTER TABLE \"products\" ADD COLUMN \"where\" TEXT",
        ]
    )
}
