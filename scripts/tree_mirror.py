#!/usr/bin/env python3
"""Makes a build tree hold exactly the files of a freshly generated project, writing only the files that differ.

    scripts/tree_mirror.py SOURCE TARGET

SwiftPM compiles a package it has not seen at a path anew, every file; the checks that build many variants of one
project (the option matrix, the plugin checks, regen-check) build them all in one TARGET folder instead, so each build
recompiles only what its variant changed. Standard library only.
"""
import filecmp
import os
import shutil
import sys


def mirror(source, target):
    """Makes `target` hold exactly the files of `source`, writing only those that differ (with a new modification time,
    so SwiftPM rebuilds what they touch) and removing the rest. Returns how many files were written or removed."""
    touched = 0
    for folder, _, files in os.walk(source):
        relative = os.path.relpath(folder, source)
        os.makedirs(os.path.join(target, relative), exist_ok=True)
        for name in files:
            copy = os.path.join(target, relative, name)
            original = os.path.join(folder, name)
            if not (os.path.isfile(copy) and filecmp.cmp(original, copy, shallow=False)):
                # A new modification time, never the source's: an older one could look unchanged to the build.
                shutil.copyfile(original, copy)
                shutil.copymode(original, copy)
                touched += 1
    for folder, _, files in os.walk(target, topdown=False):
        relative = os.path.relpath(folder, target)
        for name in files:
            if not os.path.isfile(os.path.join(source, relative, name)):
                os.remove(os.path.join(folder, name))
                touched += 1
        if not os.path.isdir(os.path.join(source, relative)):
            os.rmdir(folder)
    return touched


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    print(f"{mirror(sys.argv[1], sys.argv[2])} file(s) of {sys.argv[2]} written or removed")
