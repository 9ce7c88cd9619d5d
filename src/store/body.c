/*
 * Bodies as stored: an article's summary and content packed together into
 * one zstd frame (https://github.com/facebook/zstd/blob/dev/doc/zstd_compression_format.md),
 * compressed with a dictionary trained on the database's own bodies.
 *
 * The packed text (before compression): one byte of flags (1: a summary,
 * 2: content), then, when both are there, the summary's length in bytes as
 * a LEB128 number, then the summary, then the content. One frame for both,
 * because a feed's summary is mostly the content's first paragraph, which
 * then costs almost nothing.
 *
 * Why a dictionary, and level 3 (figures in BENCHMARKS.md, "Bodies"): a
 * 2-5 KB body is too short for zstd to learn much from it alone; a 64 KB
 * dictionary trained on a few thousand of the library's bodies holds the
 * markup and the words the feeds share, and takes bodies from 46% of their
 * size (level 3, no dictionary) to 33%. Levels above 3 gain 1-3% more for
 * 4-40 times the time. Reading a body back is 5 microseconds.
 *
 * A frame names the dictionary it needs (zstd's dictionary id, the key of
 * the dicts table), so bodies packed before the library had a dictionary,
 * or with an older one, stay readable. The first dictionary is trained
 * once the database holds DICT_MIN_SAMPLES bodies, from its newest
 * DICT_SAMPLES, in the transaction of the load that got there.
 */
#include "config.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>
/* For ZDICT_trainFromBuffer_fastCover with parameters of our own: the
 * default ZDICT_trainFromBuffer searches them, forty times slower for the
 * same dictionary (0.77 s against 0.02 s for 500 bodies of 4 KB). Its
 * parameters' struct has kept its layout since zstd 1.3.6. */
#define ZDICT_STATIC_LINKING_ONLY
#include <zdict.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "core/xmalloc.h"
#include "nls.h"
#include "store/store_int.h"

#define LEVEL 3
#define DICT_SIZE (64 * 1024)
/* Train when the database has this many bodies, from its newest this
 * many: more gain nothing measurable (33.1% against 33.4% of the bodies'
 * size with 1,000) and cost time. */
#define DICT_MIN_SAMPLES 500
#define DICT_SAMPLES 500
/* Without a dictionary, look again after this many new bodies. */
#define DICT_RETRY 1000
/* No body packs to more than this: a frame that says so is damaged. */
#define BODY_MAX ((size_t)1 << 30)

enum {
	HAS_SUMMARY = 1,
	HAS_CONTENT = 2
};

enum dict_state {
	DICT_UNKNOWN,   /* not looked up in this transaction's database yet */
	DICT_READY,     /* pack with store->cdict */
	DICT_NONE       /* none yet: pack without, look again later */
};

/* ---- the packed text ---- */

static void
add_leb128(struct nr_buf *b, uint64_t n)
{
	do {
		unsigned char c = n & 0x7f;

		n >>= 7;
		nr_buf_addc(b, (char)(n != 0 ? c | 0x80 : c));
	} while (n != 0);
}

static void
payload(struct nr_buf *b, const char *summary, size_t nsummary, const char *content, size_t ncontent)
{
	nr_buf_reset(b);
	nr_buf_addc(b, (char)((summary != NULL ? HAS_SUMMARY : 0) | (content != NULL ? HAS_CONTENT : 0)));
	if (summary != NULL && content != NULL) {
		add_leb128(b, nsummary);
	}
	if (summary != NULL) {
		nr_buf_add(b, summary, nsummary);
	}
	if (content != NULL) {
		nr_buf_add(b, content, ncontent);
	}
}

/* ---- dictionaries ---- */

static void samples_reset(struct nr_store *store);

static int
find_ddict(struct nr_store *store, unsigned id)
{
	size_t i;

	for (i = 0; i < store->nddicts; i++) {
		if (store->ddicts[i].id == id) {
			return (int)i;
		}
	}
	return -1;
}

/* Remember dictionary data[0..n) for reading (and, with compress, for
 * writing from now on). */
static void
keep_dict(struct nr_store *store, const void *data, size_t n, int compress)
{
	unsigned id = ZSTD_getDictID_fromDict(data, n);

	if (find_ddict(store, id) < 0) {
		store->ddicts = xreallocarray(store->ddicts, store->nddicts + 1, sizeof *store->ddicts);
		store->ddicts[store->nddicts].id = id;
		store->ddicts[store->nddicts].dd = ZSTD_createDDict(data, n);
		store->nddicts++;
	}
	if (compress) {
		ZSTD_freeCDict(store->cdict);
		store->cdict = ZSTD_createCDict(data, n, LEVEL);
	}
}

void
store_body_forget(struct nr_store *store)
{
	size_t i;

	for (i = 0; i < store->nddicts; i++) {
		ZSTD_freeDDict(store->ddicts[i].dd);
	}
	free(store->ddicts);
	store->ddicts = NULL;
	store->nddicts = 0;
	ZSTD_freeCDict(store->cdict);
	store->cdict = NULL;
	store->dict_state = DICT_UNKNOWN;
	samples_reset(store);
}

void
store_body_free(struct nr_store *store)
{
	store_body_forget(store);
	ZSTD_freeCCtx(store->cctx);
	ZSTD_freeDCtx(store->dctx);
	nr_buf_free(&store->packed);
	nr_buf_free(&store->unpacked);
}

/* Load dictionary id from the dicts table (compress: also for writing).
 * 0 if found, 1 if there is none, -1 with err. */
static int
load_dict(struct nr_store *store, int64_t id, int compress, struct nr_err *err)
{
	sqlite3_stmt *st = store_stmt(store, id != 0 ? ST_DICT_GET : ST_DICT_NEWEST, err);
	int rc;

	if (st == NULL) {
		return -1;
	}
	if (id != 0) {
		sqlite3_bind_int64(st, 1, id);
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		keep_dict(store, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0), compress);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		return store_fail(store, rc, err);
	}
	return rc == SQLITE_ROW ? 0 : 1;
}

/* The bodies a load queues while the database has no dictionary, the
 * newest DICT_SAMPLES of those the next look will count (store_body_queue):
 * at that look they are the database's newest bodies, which the training
 * reads, and reading them back and unpacking them took 5 ms of the 14 ms
 * the storing thread spent training, while the parsing thread could only
 * run a few files ahead (BENCHMARKS.md, "The dictionary from memory").
 * Used only when the database says its newest bodies are these rows and
 * no body was packed in line since (an article changed in place, a full
 * text, a migration), so that the dictionary is the one reading them back
 * would train. */
struct store_sample {
	int64_t rowid;
	struct nr_buf text;
};

static void
samples_reset(struct nr_store *store)
{
	size_t i;

	for (i = 0; i < store->nsamples; i++) {
		nr_buf_free(&store->samples[i].text);
	}
	free(store->samples);
	store->samples = NULL;
	store->nsamples = 0;
	store->samples_stale = 0;
}

/* Keep the packed text of the body queued for rowid, the packed_since-th
 * since the last look, if the next look's training is to read it. */
static void
sample_keep(struct nr_store *store, int64_t rowid, const struct nr_buf *text)
{
	struct store_sample *k;

	if (store->dict_state != DICT_NONE || store->packed_since <= DICT_RETRY - DICT_SAMPLES ||
	    store->packed_since > DICT_RETRY || store->samples_stale || store->nsamples >= DICT_SAMPLES) {
		return;
	}
	if (store->samples == NULL) {
		store->samples = xcalloc(DICT_SAMPLES, sizeof *store->samples);
	}
	k = &store->samples[store->nsamples++];
	k->rowid = rowid;
	nr_buf_reset(&k->text);
	nr_buf_add(&k->text, text->data, text->len);
}

/* The samples kept, newest first, into samples/sizes, if they are what
 * ST_DICT_SAMPLES would read: 1 if so, 0 if not (read them), -1 with
 * err. */
static int
samples_from_memory(struct nr_store *store, struct nr_buf *samples, size_t *sizes, size_t *n,
    struct nr_err *err)
{
	static const char sql[] = "SELECT article FROM bodies WHERE packed IS NOT NULL ORDER BY article DESC LIMIT ?1";
	sqlite3_stmt *st;
	size_t i = 0;
	int rc, same;

	same = !store->samples_stale && !store->samples_off && store->nsamples == DICT_SAMPLES;
	if (!same) {
		return 0;
	}
	rc = sqlite3_prepare_v2(store->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		return store_fail(store, rc, err);
	}
	sqlite3_bind_int(st, 1, DICT_SAMPLES);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (i >= DICT_SAMPLES || sqlite3_column_int64(st, 0) != store->samples[DICT_SAMPLES - 1 - i].rowid) {
			same = 0;
			break;
		}
		i++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		return store_fail(store, rc, err);
	}
	if (!same || i != DICT_SAMPLES) {
		return 0;
	}
	for (i = 0; i < DICT_SAMPLES; i++) {
		const struct nr_buf *t = &store->samples[DICT_SAMPLES - 1 - i].text;

		nr_buf_add(samples, t->data, t->len);
		sizes[i] = t->len;
	}
	*n = DICT_SAMPLES;
	store->samples_used++;
	return 1;
}

/* Train a dictionary on the database's newest bodies and store it, if it
 * has enough of them; old: they are schema 3's, as text (a migration).
 * 0 (whether or not it made one) or -1 with err. */
static int
train(struct nr_store *store, int old, struct nr_err *err)
{
	/* Schema 3's table is gone after the migration: its statement is
	 * not kept. */
	static const char old_sql[] = "SELECT summary, content FROM bodies ORDER BY article DESC LIMIT ?1";
	sqlite3_stmt *st = NULL;
	struct nr_buf samples = NR_BUF_INIT;
	size_t *sizes = NULL, n = 0;
	void *dict;
	size_t dict_len;
	int rc, ret = 0, from_memory = 0;

	sizes = xreallocarray(NULL, DICT_SAMPLES, sizeof *sizes);
	if (old) {
		rc = sqlite3_prepare_v2(store->db, old_sql, -1, &st, NULL);
		if (rc != SQLITE_OK) {
			free(sizes);
			return store_fail(store, rc, err);
		}
	} else if ((st = store_stmt(store, ST_DICT_SAMPLES, err)) == NULL) {
		free(sizes);
		return -1;
	} else if ((rc = samples_from_memory(store, &samples, sizes, &n, err)) != 0) {
		if (rc < 0) {
			free(sizes);
			return -1;
		}
		from_memory = 1;
		rc = SQLITE_DONE;
	}
	sqlite3_bind_int(st, 1, DICT_SAMPLES);
	while (!from_memory && (rc = sqlite3_step(st)) == SQLITE_ROW && n < DICT_SAMPLES) {
		struct nr_item item;

		if (old) {
			payload(&store->packed, col_text(st, 0), (size_t)sqlite3_column_bytes(st, 0), col_text(st, 1),
			    (size_t)sqlite3_column_bytes(st, 1));
		} else {
			nr_item_init(&item);
			if (store_body_unpack(store, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0),
			    &item, err) < 0) {
				rc = SQLITE_ERROR;
				break;
			}
			payload(&store->packed, item.summary, item.summary != NULL ? strlen(item.summary) : 0,
			    item.content, item.content != NULL ? strlen(item.content) : 0);
			nr_item_clear(&item);
		}
		nr_buf_add(&samples, store->packed.data, store->packed.len);
		sizes[n++] = store->packed.len;
	}
	if (old) {
		sqlite3_finalize(st);
	} else {
		sqlite3_reset(st);
	}
	if (rc == SQLITE_ERROR) {
		ret = -1;
	} else if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		ret = store_fail(store, rc, err);
	} else if (n >= DICT_MIN_SAMPLES) {
		ZDICT_fastCover_params_t params;

		memset(&params, 0, sizeof params);
		/* Segments of 50 bytes, matched by their first 8, counted in
		 * a table of 2^18 and sampled every fifth position: measured
		 * on 2-5 KB bodies the fastest (0.02 s) of the settings that
		 * make as good a dictionary (33.4% against 33.1-33.9%). */
		params.k = 50;
		params.d = 8;
		params.f = 18;
		params.accel = 5;
		params.zParams.compressionLevel = LEVEL;
		dict = xmalloc(DICT_SIZE);
		dict_len = ZDICT_trainFromBuffer_fastCover(dict, DICT_SIZE, samples.data, sizes, (unsigned)n, params);
		/* Bodies too alike or too few to train on: go on without. */
		if (!ZDICT_isError(dict_len)) {
			st = store_stmt(store, ST_DICT_PUT, err);
			if (st == NULL) {
				ret = -1;
			} else {
				sqlite3_bind_int64(st, 1, ZSTD_getDictID_fromDict(dict, dict_len));
				sqlite3_bind_blob(st, 2, dict, (int)dict_len, SQLITE_STATIC);
				ret = store_step_done(store, st, err);
				if (ret == 0) {
					keep_dict(store, dict, dict_len, 1);
				}
			}
		}
		free(dict);
	}
	nr_buf_free(&samples);
	free(sizes);
	return ret;
}

/* Make store->cdict the dictionary to pack with, if the database has one
 * or enough bodies to train one (old: in schema 3's form). */
static int
dict_prepare(struct nr_store *store, int old, struct nr_err *err)
{
	int rc;

	if (store->dict_state == DICT_READY) {
		return 0;
	}
	if (store->dict_state == DICT_NONE && (store->packed_since < DICT_RETRY || store->migrating)) {
		return 0;
	}
	store->packed_since = 0;
	rc = load_dict(store, 0, 1, err);
	if (rc < 0) {
		samples_reset(store);
		return -1;
	}
	if (rc == 1 && train(store, old, err) < 0) {
		samples_reset(store);
		return -1;
	}
	/* The next look counts the bodies from here. */
	samples_reset(store);
	store->dict_state = store->cdict != NULL ? DICT_READY : DICT_NONE;
	return 0;
}

/* ---- packing ---- */

int
store_body_pack(struct nr_store *store, const char *summary, size_t nsummary, const char *content,
    size_t ncontent, const void **out, size_t *nout, struct nr_err *err)
{
	struct nr_buf *in = &store->unpacked;
	size_t bound, n;

	*out = NULL;
	*nout = 0;
	if (summary == NULL && content == NULL) {
		return 0;
	}
	if (dict_prepare(store, 0, err) < 0) {
		return -1;
	}
	store->packed_since++;
	/* A body not queued: the newest bodies may not be those kept. */
	store->samples_stale = 1;
	payload(in, summary, nsummary, content, ncontent);
	if (store->cctx == NULL) {
		store->cctx = ZSTD_createCCtx();
	}
	bound = ZSTD_compressBound(in->len);
	nr_buf_reset(&store->packed);
	if (store->packed.cap < bound + 1) {
		store->packed.data = xrealloc(store->packed.data, bound + 1);
		store->packed.cap = bound + 1;
	}
	if (store->cdict != NULL) {
		n = ZSTD_compress_usingCDict(store->cctx, store->packed.data, bound, in->data, in->len, store->cdict);
	} else {
		n = ZSTD_compressCCtx(store->cctx, store->packed.data, bound, in->data, in->len, LEVEL);
	}
	if (ZSTD_isError(n)) {
		nr_err_set(err, NR_ERR_IO, _("cannot compress an article: %s"), ZSTD_getErrorName(n));
		return -1;
	}
	store->packed.len = n;
	*out = store->packed.data;
	*nout = n;
	return 0;
}

/* ---- packing in a second thread ----
 *
 * In a load (nr_store_begin_bulk to its commit) a new article's body is
 * packed by a worker thread while the main one goes on parsing and
 * storing: compressing is a third of a load's CPU time (12 us for a 4 KB
 * body here, whatever the level; BENCHMARKS.md, "Loading in two threads"). The main thread
 * copies the body into a slot of a ring, the worker compresses it there,
 * and the main thread, which alone touches the database, stores the
 * packed slots in the order they were queued. The worker reads only its
 * slot and the dictionary, which does not change while a slot is queued:
 * the dictionary is looked for through the database, and every statement
 * but the load's own stores the queue first (store_body_flush, called by
 * store_stmt). So the rows and their order are those of packing in line,
 * and nothing is committed before the queue is stored.
 *
 * A load begun helped has no thread of its own: the threads that parse
 * its files (parse/source.c) pack queued bodies when they would wait, and
 * so does the main thread while it waits for them (nr_store_help). On two
 * cores a parsing thread beside a packing thread made three busy threads
 * take turns on two cores; helped, the parsing thread and the storing one
 * share the packing as each has time (BENCHMARKS.md, "Packing where there
 * is time"). */

/* Enough for the worker never to wait while the main thread parses a
 * feed's next items, small enough to stay in the caches (64 * ~8 KB). */
#define PIPE_SLOTS 64
/* The worker is woken when this many are queued (or the main thread
 * waits for it): it packs a body in a third of the time the main thread
 * takes to parse and store one, and waking it for each cost 3% of the
 * load's CPU time in switches. */
#define PIPE_BATCH 8
/* At most this many bytes of text queued (a feed of long articles must
 * not make the ring hold 64 of them), and a slot's buffers are given back
 * once they have held a body longer than PIPE_KEEP. */
#define PIPE_BYTES ((size_t)8 << 20)
#define PIPE_KEEP ((size_t)256 << 10)

struct pipe_slot {
	int64_t rowid;
	int summary_type, content_type;
	const ZSTD_CDict *cdict;        /* NULL: pack at LEVEL without one */
	struct nr_buf in;               /* the packed text, before compression */
	void *out;                      /* the frame */
	size_t outcap;
	size_t nout;                    /* or a zstd error code */
	int fail;                       /* a failure injected by store_body_test */
	int done;                       /* packed, while packed has not passed it (under lock) */
};

struct store_pipe {
	pthread_t thread;
	int threaded;                   /* thread runs pipe_main (not helped) */
	pthread_mutex_t lock;
	pthread_cond_t work;            /* to the worker: a slot is queued, or stop */
	pthread_cond_t done;            /* to the main thread: a slot is packed */
	struct pipe_slot slots[PIPE_SLOTS];
	/* Counters that only grow; slot i is slots[i % PIPE_SLOTS]. The
	 * main thread queues and stores; the worker packs. Under lock. */
	size_t queued, packed, stored;
	/* Slots before taken are being packed or packed (by the worker, or
	 * by the main thread when it would wait); packed counts the first
	 * ones done, in order. */
	size_t taken;
	size_t bytes;                   /* the text of the slots queued and not stored (main thread) */
	int stop;
	size_t waiting;                 /* the main thread waits on done until packed is this (0: not) */
	ZSTD_CCtx *cctx;                /* the worker's own */
	ZSTD_CCtx *cctx_main;           /* the main thread's, when it packs a slot itself */
	/* Helpers' contexts, not in use now (under lock): one each of the
	 * threads that pack at once. */
	ZSTD_CCtx **spare;
	size_t nspare, nhelpers;
	/* Tests: the slot whose packing fails (0: none); hold: pack only
	 * when the ring is full or the main thread waits, so that bodies
	 * are still queued when the load goes on. */
	long fail_at;
	int hold;
	long count;
};

/* Pack slot s with cctx; the slot is the caller's until it is done. */
static void
pack_slot(struct pipe_slot *s, ZSTD_CCtx *cctx)
{
	size_t bound = ZSTD_compressBound(s->in.len);

	if (s->outcap < bound) {
		s->out = xrealloc(s->out, bound);
		s->outcap = bound;
	}
	if (s->fail) {
		s->nout = (size_t)-ZSTD_error_GENERIC;
	} else if (s->cdict != NULL) {
		s->nout = ZSTD_compress_usingCDict(cctx, s->out, bound, s->in.data, s->in.len, s->cdict);
	} else {
		s->nout = ZSTD_compressCCtx(cctx, s->out, bound, s->in.data, s->in.len, LEVEL);
	}
}

/* Slot i is packed (under lock): packed moves past the slots done in
 * order, and the main thread is woken once what it waits for is. */
static void
slot_done(struct store_pipe *p, size_t i)
{
	p->slots[i % PIPE_SLOTS].done = 1;
	while (p->packed < p->taken && p->slots[p->packed % PIPE_SLOTS].done) {
		p->slots[p->packed % PIPE_SLOTS].done = 0;
		p->packed++;
	}
	/* Not at every slot before it: a switch each. */
	if (p->waiting && p->packed >= p->waiting) {
		pthread_cond_signal(&p->done);
	}
}

static void *
pipe_main(void *arg)
{
	struct store_pipe *p = arg;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		size_t i;

		while (!p->stop && (p->taken == p->queued ||
		    (p->hold && p->taken >= p->waiting && p->queued - p->taken < PIPE_SLOTS))) {
			pthread_cond_wait(&p->work, &p->lock);
		}
		if (p->taken == p->queued) {
			break;
		}
		i = p->taken++;
		pthread_mutex_unlock(&p->lock);

		pack_slot(&p->slots[i % PIPE_SLOTS], p->cctx);

		pthread_mutex_lock(&p->lock);
		slot_done(p, i);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

void
store_body_pipeline(struct nr_store *store, int helped)
{
	struct store_pipe *p;

	if (store->pipe != NULL) {
		return;
	}
	p = xcalloc(1, sizeof *p);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	p->cctx = ZSTD_createCCtx();
	p->cctx_main = ZSTD_createCCtx();
	p->fail_at = store->pipe_fail_at;
	p->hold = store->pipe_hold;
	store->pipe_fail_at = 0;
	/* Without a thread (none to be had), bodies are packed in line. */
	if (p->cctx == NULL || p->cctx_main == NULL || (!helped && pthread_create(&p->thread, NULL, pipe_main, p) != 0)) {
		ZSTD_freeCCtx(p->cctx);
		ZSTD_freeCCtx(p->cctx_main);
		pthread_cond_destroy(&p->done);
		pthread_cond_destroy(&p->work);
		pthread_mutex_destroy(&p->lock);
		free(p);
		return;
	}
	p->threaded = !helped;
	store->pipe = p;
}

int
nr_store_help(struct nr_store *store)
{
	struct store_pipe *p = store->pipe;
	ZSTD_CCtx *cctx;
	size_t k;

	if (p == NULL) {
		return 0;
	}
	pthread_mutex_lock(&p->lock);
	/* The tests' hold mode keeps bodies queued. */
	if (p->hold || p->taken == p->queued) {
		pthread_mutex_unlock(&p->lock);
		return 0;
	}
	k = p->taken++;
	cctx = p->nspare > 0 ? p->spare[--p->nspare] : NULL;
	if (cctx == NULL) {
		p->nhelpers++;
	}
	pthread_mutex_unlock(&p->lock);

	if (cctx == NULL) {
		cctx = ZSTD_createCCtx();
		/* Out of memory: as xmalloc. */
		if (cctx == NULL) {
			abort();
		}
	}
	pack_slot(&p->slots[k % PIPE_SLOTS], cctx);

	pthread_mutex_lock(&p->lock);
	/* Room for every helper's context: nspare < nhelpers. */
	p->spare = xreallocarray(p->spare, p->nhelpers, sizeof *p->spare);
	p->spare[p->nspare++] = cctx;
	slot_done(p, k);
	pthread_mutex_unlock(&p->lock);
	return 1;
}

/* Wait until slot i is packed, packing the slots no one has taken yet
 * meanwhile: when the parse runs on other threads (parse/source.c), the
 * worker alone packed slower than the loader queued, and the loader sat
 * waiting while its core had time (genlib's prose, 2 cores: 0.63 s ->
 * 0.75-0.81 s). Not in the tests' hold mode, whose point is slots still
 * queued. */
static void
pipe_wait(struct store_pipe *p, size_t i)
{
	pthread_mutex_lock(&p->lock);
	while (p->packed <= i) {
		/* Helped, no thread packs what the main thread waits for. */
		if ((!p->hold || !p->threaded) && p->taken < p->queued) {
			size_t k = p->taken++;

			pthread_mutex_unlock(&p->lock);
			pack_slot(&p->slots[k % PIPE_SLOTS], p->cctx_main);
			pthread_mutex_lock(&p->lock);
			slot_done(p, k);
			continue;
		}
		p->waiting = i + 1;
		pthread_cond_signal(&p->work);
		pthread_cond_wait(&p->done, &p->lock);
	}
	p->waiting = 0;
	pthread_mutex_unlock(&p->lock);
}

/* Store the oldest slot, packed already. */
static int
pipe_store_one(struct nr_store *store, struct nr_err *err)
{
	struct store_pipe *p = store->pipe;
	struct pipe_slot *s = &p->slots[p->stored % PIPE_SLOTS];
	sqlite3_stmt *st;

	p->stored++;
	p->bytes -= s->in.len;
	if (ZSTD_isError(s->nout)) {
		nr_err_set(err, NR_ERR_IO, _("cannot compress an article: %s"), ZSTD_getErrorName(s->nout));
		return -1;
	}
	st = store_stmt(store, ST_BODY_INSERT, err);
	if (st == NULL) {
		return -1;
	}
	sqlite3_bind_int64(st, 1, s->rowid);
	sqlite3_bind_blob(st, 2, s->out, (int)s->nout, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, s->summary_type);
	sqlite3_bind_int(st, 4, s->content_type);
	return store_step_done(store, st, err);
}

/* Store every slot packed so far, without waiting for the worker; on an
 * error the rest of the queue is dropped (the caller rolls back). */
static int
pipe_store_packed(struct nr_store *store, struct nr_err *err)
{
	struct store_pipe *p = store->pipe;
	size_t packed;

	pthread_mutex_lock(&p->lock);
	packed = p->packed;
	pthread_mutex_unlock(&p->lock);
	while (p->stored < packed) {
		if (pipe_store_one(store, err) < 0) {
			store_body_discard(store);
			return -1;
		}
	}
	return 0;
}

int
store_body_flush(struct nr_store *store, struct nr_err *err)
{
	struct store_pipe *p = store->pipe;

	if (p == NULL) {
		return 0;
	}
	while (p->stored < p->queued) {
		pipe_wait(p, p->stored);
		if (pipe_store_one(store, err) < 0) {
			/* What is queued after it goes with the transaction,
			 * which the caller rolls back. */
			store_body_discard(store);
			return -1;
		}
	}
	return 0;
}

void
store_body_discard(struct nr_store *store)
{
	struct store_pipe *p = store->pipe;

	if (p == NULL || p->stored == p->queued) {
		return;
	}
	/* The worker may be in a slot: let it finish, then drop them all. */
	pipe_wait(p, p->queued - 1);
	p->stored = p->queued;
	p->bytes = 0;
}

void
store_body_stop(struct nr_store *store)
{
	struct store_pipe *p = store->pipe;
	size_t i;

	if (p == NULL) {
		return;
	}
	store_body_discard(store);
	if (p->threaded) {
		pthread_mutex_lock(&p->lock);
		p->stop = 1;
		pthread_cond_signal(&p->work);
		pthread_mutex_unlock(&p->lock);
		pthread_join(p->thread, NULL);
	}
	for (i = 0; i < PIPE_SLOTS; i++) {
		nr_buf_free(&p->slots[i].in);
		free(p->slots[i].out);
	}
	for (i = 0; i < p->nspare; i++) {
		ZSTD_freeCCtx(p->spare[i]);
	}
	free(p->spare);
	ZSTD_freeCCtx(p->cctx);
	ZSTD_freeCCtx(p->cctx_main);
	pthread_cond_destroy(&p->done);
	pthread_cond_destroy(&p->work);
	pthread_mutex_destroy(&p->lock);
	free(p);
	store->pipe = NULL;
}

void
store_body_test(struct nr_store *store, long fail_at, int hold)
{
	store->pipe_fail_at = fail_at;
	store->pipe_hold = hold;
	store->pipe_peak = 0;
}

int
store_body_queue(struct nr_store *store, int64_t rowid, const struct nr_item *item, struct nr_err *err)
{
	struct store_pipe *p = store->pipe;
	struct pipe_slot *s;
	const char *summary = item->summary, *content = item->content;

	if (p == NULL) {
		return 0;
	}
	if (summary == NULL && content == NULL) {
		/* Nothing to pack: stored in line (its row's place among
		 * the others does not matter). */
		return 0;
	}
	/* The dictionary, looked for (and trained) through the database,
	 * which stores the queue first. */
	if (dict_prepare(store, 0, err) < 0) {
		return -1;
	}
	store->packed_since++;
	/* A full ring, or too much text queued: the oldest slots are stored
	 * to make room, a quarter of the ring at once. With the parse on
	 * other threads this thread queues faster than the worker packs, and
	 * waiting for one slot at a time cost a switch each (20,000-29,000
	 * for 20,000 bodies). */
	while (p->queued - p->stored == PIPE_SLOTS || (p->queued > p->stored && p->bytes > PIPE_BYTES)) {
		size_t until = p->stored + PIPE_SLOTS / 4;

		pipe_wait(p, (until < p->queued ? until : p->queued) - 1);
		if (pipe_store_packed(store, err) < 0) {
			return -1;
		}
	}
	s = &p->slots[p->queued % PIPE_SLOTS];
	if (s->in.cap > PIPE_KEEP) {
		nr_buf_free(&s->in);
		free(s->out);
		s->out = NULL;
		s->outcap = 0;
	}
	s->rowid = rowid;
	s->summary_type = summary != NULL ? (int)item->summary_type : NR_BODY_NONE;
	s->content_type = content != NULL ? (int)item->content_type : NR_BODY_NONE;
	s->cdict = store->cdict;
	s->fail = ++p->count == p->fail_at;
	payload(&s->in, summary, summary != NULL ? strlen(summary) : 0, content, content != NULL ? strlen(content) : 0);
	sample_keep(store, rowid, &s->in);
	p->bytes += s->in.len;
	if (p->bytes > store->pipe_peak) {
		store->pipe_peak = p->bytes;
	}
	pthread_mutex_lock(&p->lock);
	p->queued++;
	if (p->queued - p->packed >= PIPE_BATCH) {
		pthread_cond_signal(&p->work);
	}
	pthread_mutex_unlock(&p->lock);
	/* Store what is packed already, without waiting. */
	return pipe_store_packed(store, err) < 0 ? -1 : 1;
}

static int
corrupt(struct nr_err *err, const char *msg)
{
	nr_err_set(err, NR_ERR_PARSE, "%s", msg);
	return -1;
}

int
store_body_unpack(struct nr_store *store, const void *blob, size_t n, struct nr_item *item, struct nr_err *err)
{
	unsigned long long size;
	unsigned id;
	const char *p, *end;
	uint64_t nsummary = 0;
	size_t got;
	int flags, shift, d;

	free(item->summary);
	free(item->content);
	item->summary = item->content = NULL;
	if (blob == NULL || n == 0) {
		return 0;
	}
	size = ZSTD_getFrameContentSize(blob, n);
	if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size == 0 || size > BODY_MAX) {
		return corrupt(err, _("corrupt: an article's text is not a zstd frame"));
	}
	id = ZSTD_getDictID_fromFrame(blob, n);
	d = -1;
	if (id != 0) {
		d = find_ddict(store, id);
		if (d < 0) {
			if (load_dict(store, id, 0, err) < 0) {
				return -1;
			}
			d = find_ddict(store, id);
			if (d < 0) {
				return corrupt(err, _("corrupt: an article's text needs a dictionary the database does not have"));
			}
		}
	}
	if (store->dctx == NULL) {
		store->dctx = ZSTD_createDCtx();
	}
	nr_buf_reset(&store->unpacked);
	if (store->unpacked.cap < size + 1) {
		store->unpacked.data = xrealloc(store->unpacked.data, size + 1);
		store->unpacked.cap = size + 1;
	}
	if (d >= 0) {
		got = ZSTD_decompress_usingDDict(store->dctx, store->unpacked.data, size, blob, n, store->ddicts[d].dd);
	} else {
		got = ZSTD_decompressDCtx(store->dctx, store->unpacked.data, size, blob, n);
	}
	if (ZSTD_isError(got) || got != size) {
		return corrupt(err, _("corrupt: an article's text cannot be decompressed"));
	}
	p = store->unpacked.data;
	end = p + got;
	flags = (unsigned char)*p++;
	if ((flags & HAS_SUMMARY) && (flags & HAS_CONTENT)) {
		for (shift = 0;; shift += 7) {
			if (p == end || shift > 56) {
				return corrupt(err, _("corrupt: an article's text is cut short"));
			}
			nsummary |= (uint64_t)(*p & 0x7f) << shift;
			if (!(*p++ & 0x80)) {
				break;
			}
		}
		if (nsummary > (uint64_t)(end - p)) {
			return corrupt(err, _("corrupt: an article's text is cut short"));
		}
	} else if (flags & HAS_SUMMARY) {
		nsummary = (uint64_t)(end - p);
	}
	if (flags & HAS_SUMMARY) {
		item->summary = xstrndup(p, (size_t)nsummary);
		p += nsummary;
	}
	if (flags & HAS_CONTENT) {
		item->content = xstrndup(p, (size_t)(end - p));
	}
	return 0;
}

/* nr_pack(summary, content): the packed body of a migration's rows. */
static void
sql_pack(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct nr_store *store = sqlite3_user_data(ctx);
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	size_t ns = (size_t)sqlite3_value_bytes(argv[0]);
	const char *c = (const char *)sqlite3_value_text(argv[1]);
	size_t nc = (size_t)sqlite3_value_bytes(argv[1]);
	const void *out;
	size_t nout;
	struct nr_err err;

	(void)argc;
	if (store_body_pack(store, s, ns, c, nc, &out, &nout, &err) < 0) {
		sqlite3_result_error(ctx, err.msg, -1);
	} else if (out == NULL) {
		sqlite3_result_null(ctx);
	} else {
		sqlite3_result_blob(ctx, out, (int)nout, SQLITE_TRANSIENT);
	}
}

int
store_body_register(struct nr_store *store)
{
	return sqlite3_create_function(store->db, "nr_pack", 2, SQLITE_UTF8, store, sql_pack, NULL, NULL);
}

/* The migration that packs schema 3's bodies: a dictionary trained on
 * them first (so that they are packed with it), then every row packed
 * into the new table. */
int
store_body_migrate(struct nr_store *store, struct nr_err *err)
{
	static const char sql[] =
	    "INSERT INTO bodies_packed (article, summary_type, content_type, packed)"
	    " SELECT article, summary_type, content_type, nr_pack(summary, content) FROM bodies;"
	    "DROP TABLE bodies;"
	    "ALTER TABLE bodies_packed RENAME TO bodies;";
	int rc;

	store_body_forget(store);
	store->dict_state = DICT_NONE;
	store->packed_since = DICT_RETRY;
	if (dict_prepare(store, 1, err) < 0) {
		return -1;
	}
	/* No training in the middle of the statement. */
	store->migrating = 1;
	rc = sqlite3_exec(store->db, sql, NULL, NULL, NULL);
	store->migrating = 0;
	return rc == SQLITE_OK ? 0 : store_fail(store, rc, err);
}
