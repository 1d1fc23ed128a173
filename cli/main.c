/* cli — placeholder entry point until the pipeline is wired. */
#include <stdio.h>
int main(void) { return 2; }
