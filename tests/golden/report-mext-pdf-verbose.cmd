0
check -v samples/mext-lifescience-r8.pdf
