0
check --format=csv samples/mext-lifescience-r8.pdf
