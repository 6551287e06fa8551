"""SCORM 1.2 and 2004 lessons: safe unpacking, the manifest, the runtime data model, attempts and playback.

Pure modules: ``unpack`` (which zip members may be stored, and their bytes), ``manifest`` (what the package
contains), ``runtime`` (data-model values onto an attempt). The rest reads and writes the database.
"""
