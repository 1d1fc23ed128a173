0
records --format=csv --year=2026 --pages=6 samples/real/fuji-r8-chosho.pdf
