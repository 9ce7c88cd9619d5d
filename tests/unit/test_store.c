#include "config.h"
#include "t.h"
int
main(void)
{
	t_init();
	return t_done();
}
