"""Pure text rules of the decree: numbers, dates, signer lines, recipients, body levels."""
