0
records --format=csv --year=2026 samples/real/fuji-r8-chisai-p13.pdf
