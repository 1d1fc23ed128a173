0
records --format=jsonl samples/features.pdf
