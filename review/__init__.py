"""Reading official documents and checking them: extractors, detectors and the scan command line.

A pure library: nothing here touches a database or a web framework. Import what you need from its modules
(``review.scanner.Scanner``, ``review.model.ScanReport`` …); this file imports nothing so that the plain value
objects load without the parsers behind the scanner.
"""
