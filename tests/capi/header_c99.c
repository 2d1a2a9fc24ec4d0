/* rollcall.h must compile as strict C99 on its own, and survive being included twice. */
#include "rollcall.h"
#include "rollcall.h"

/* Status values are part of the ABI: a renumbering fails here. */
typedef char rollcall_ok_is_zero[ROLLCALL_OK == 0 ? 1 : -1];
typedef char rollcall_internal_is_99[ROLLCALL_INTERNAL_ERROR == 99 ? 1 : -1];
typedef char rollcall_status_is_32_bits[sizeof(rollcall_status) == 4 ? 1 : -1];

int rollcall_header_c99_probe(void);
int rollcall_header_c99_probe(void) { return ROLLCALL_VERSION_NUMBER > 0; }
