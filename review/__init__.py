"""Reading official documents and checking them: extractors, detectors and the scan command line.

A pure library: nothing here touches a database or a web framework.
"""

from .model import AttributeResult, Finding, ScanReport, SecrecyMarking, Status, TextBlock
from .scanner import Scanner, scan_file
from .settings import ScanSettings

__all__ = [
    "AttributeResult", "Finding", "ScanReport", "ScanSettings", "Scanner", "SecrecyMarking", "Status", "TextBlock",
    "scan_file",
]
