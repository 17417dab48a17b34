"""The lifecycle of an extraction as the wire format names it."""

from enum import StrEnum


class Status(StrEnum):
    IN_PROGRESS = "IN_PROGRESS"
    SUCCESS = "SUCCESS"
    ERROR = "ERROR"
    EXPIRED = "EXPIRED"
