0
check --format=text -v --year=2026 samples/real/fuji-r8-chisai-p13.pdf
