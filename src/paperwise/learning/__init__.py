"""What a user's corrections teach, per supplier and document type, and how it is applied.

Pure: read documents and corrected values in, lessons (plain JSON-able data) out; a new read
document, its zero-shot result and the stored lessons in, a corrected result out. No database,
no HTTP. ``corrections`` validates what a caller sends, ``supplier_key`` recognises a supplier
again, ``anchors`` says where a value sits on the page, ``item_table`` and ``vat_summary`` learn
the layout of the corrected line items and VAT rates (``item_reading`` reads a table by it),
``lessons`` learns, ``apply`` and ``apply_tables`` apply."""
