"""Label printing for lotline: label templates per item kind, printers per site, the record of every print
and reprint, and SSCC numbering for pallet labels. Rendering itself is lotline.labels (pure)."""
