0
check --format=csv samples/mext-gaisan-r8.pdf
