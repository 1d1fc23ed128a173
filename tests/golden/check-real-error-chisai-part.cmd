1
check --format=text --year=2026 samples/real/errors/chisai-part.pdf
