"""Helpers for files the platform hands out: reports, CSV tables, open data."""

from django.http import HttpResponse


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def spreadsheet_cell(value) -> str:
    """``value`` as CSV text; a cell that starts like a formula is shown as text, never run
    (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
