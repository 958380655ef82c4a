/* crypto.h: passwords, random tokens and digests (all from libsodium) */
#ifndef LEERPAD_CRYPTO_H
#define LEERPAD_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>

#define CRYPTO_PWHASH_LEN 128  /* crypto_pwhash_STRBYTES */
#define CRYPTO_TOKEN_LEN 44    /* 32 random bytes, base64url, plus NUL */
#define CRYPTO_DIGEST_LEN 65   /* SHA-256 as hex plus NUL */

/* Must be called once before threads start; false if libsodium failed. */
bool crypto_init(void);
/* Hashes a password with argon2id (interactive limits) into out.
 * False only when the machine cannot give the memory argon2id needs. */
bool crypto_password_hash(const char *password, char out[CRYPTO_PWHASH_LEN]);
/* True if password matches a hash made by crypto_password_hash. Runs in
 * time independent of where the two differ. */
bool crypto_password_verify(const char *hash, const char *password);
/* Writes a new random token of 256 bits, base64url without padding. */
void crypto_token(char out[CRYPTO_TOKEN_LEN]);
/* Writes the SHA-256 of text as lower-case hex: stored in place of tokens so
 * that a copy of the database does not hand out working sessions. */
void crypto_digest_hex(const char *text, size_t len, char out[CRYPTO_DIGEST_LEN]);
/* Compares two NUL-terminated strings in constant time for equal lengths. */
bool crypto_equal(const char *a, const char *b);

#endif
