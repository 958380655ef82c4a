/* id.c: UUIDv7 identifiers */
#include "base/id.h"
#include "base/timeutil.h"

#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t id_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t last_ms;
static uint16_t last_seq;

void
id_new(char out[ID_LEN])
{
	unsigned char b[16];
	int64_t ms = time_now_ms();
	uint16_t seq;

	randombytes_buf(b, sizeof(b));
	/* A 12-bit counter in rand_a keeps ids monotonic within a millisecond
	 * (RFC 9562 §6.2, method 1); it starts at a random value each ms. */
	pthread_mutex_lock(&id_lock);
	if (ms <= last_ms) {
		ms = last_ms;
		seq = (uint16_t)(last_seq + 1);
		if (seq > 0x0fff) {
			ms++;
			seq = (uint16_t)((b[6] << 8 | b[7]) & 0x03ff);
		}
	} else {
		seq = (uint16_t)((b[6] << 8 | b[7]) & 0x03ff);
	}
	last_ms = ms;
	last_seq = seq;
	pthread_mutex_unlock(&id_lock);

	b[0] = (unsigned char)(ms >> 40);
	b[1] = (unsigned char)(ms >> 32);
	b[2] = (unsigned char)(ms >> 24);
	b[3] = (unsigned char)(ms >> 16);
	b[4] = (unsigned char)(ms >> 8);
	b[5] = (unsigned char)ms;
	b[6] = (unsigned char)(0x70 | ((seq >> 8) & 0x0f));
	b[7] = (unsigned char)(seq & 0xff);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, ID_LEN,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
		 b[10], b[11], b[12], b[13], b[14], b[15]);
}

bool
id_is_valid(const char *s)
{
	size_t i;

	if (!s || strlen(s) != 36)
		return false;
	for (i = 0; i < 36; i++) {
		char c = s[i];
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return false;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
			return false;
		}
	}
	return true;
}
