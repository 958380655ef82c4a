/* crypto.c: passwords, random tokens and digests */
#include "base/crypto.h"

#include <sodium.h>
#include <string.h>

_Static_assert(CRYPTO_PWHASH_LEN == crypto_pwhash_STRBYTES, "pwhash length");

bool
crypto_init(void)
{
	return sodium_init() >= 0;
}

bool
crypto_password_hash(const char *password, char out[CRYPTO_PWHASH_LEN])
{
	return crypto_pwhash_str_alg(out, password, strlen(password),
				     crypto_pwhash_OPSLIMIT_INTERACTIVE,
				     crypto_pwhash_MEMLIMIT_INTERACTIVE,
				     crypto_pwhash_ALG_ARGON2ID13) == 0;
}

bool
crypto_password_verify(const char *hash, const char *password)
{
	if (!hash || !*hash)
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void
crypto_token(char out[CRYPTO_TOKEN_LEN])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, CRYPTO_TOKEN_LEN, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void
crypto_digest_hex(const char *text, size_t len, char out[CRYPTO_DIGEST_LEN])
{
	unsigned char d[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(d, (const unsigned char *)text, len);
	sodium_bin2hex(out, CRYPTO_DIGEST_LEN, d, sizeof(d));
}

bool
crypto_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return false;
	return sodium_memcmp(a, b, la) == 0;
}
