/* The smallest rollcall C program: check that the loaded library matches the header. */
#include <stdio.h>

#include <rollcall.h>

int main(void) {
    if (rollcall_version() / 100 != ROLLCALL_VERSION_NUMBER / 100) {
        fprintf(stderr, "built against rollcall %s, loaded %s\n", ROLLCALL_VERSION_STRING, rollcall_version_string());
        return 1;
    }
    printf("rollcall %s\n", rollcall_version_string());
    return 0;
}
