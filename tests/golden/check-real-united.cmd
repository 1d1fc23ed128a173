0
check --format=text --year=2026 samples/real/united/kokko-norin.pdf
