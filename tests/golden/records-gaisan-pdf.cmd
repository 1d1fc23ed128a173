0
records samples/mext-gaisan-r8.pdf
