"""Bytes -> pages of words with boxes (text layer or OCR), plus any embedded e-invoice XML."""
