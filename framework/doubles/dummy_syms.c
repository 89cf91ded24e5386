/* SPDX-License-Identifier: MIT */
/* dummy_syms.c: a sorted table of the functions of the loaded objects (from
 * their dynamic symbol tables), built in normal context and searched from the
 * dummy's SIGSEGV handler, which may call nothing that is not
 * async-signal-safe. */
#include "doubles/dummy_impl.h"

#include <elf.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "base/mem.h"

typedef struct fn_range {
    uintptr_t lo, hi;
    const char *name;
} fn_range;

typedef struct table {
    fn_range *fns;  /* sorted by lo */
    size_t nfns;
    fn_range *objs; /* shared libraries' loaded code, name = file base name */
    size_t nobjs;
    size_t cap_fns, cap_objs;
} table;

/* The table the handler reads, published with a release store; tables
 * replaced by a refresh are kept (a handler may be reading one). */
static table *current;
static unsigned long long seen_adds, seen_subs;

static int push(fn_range **v, size_t *n, size_t *cap, fn_range r)
{
    if (hn__grow(v, cap, *n + 1, sizeof **v))
        return -1;
    (*v)[(*n)++] = r;
    return 0;
}

/* The number of symbols of a DT_GNU_HASH table: one past the highest index
 * its chains reach. */
static size_t gnu_hash_count(const uint32_t *h)
{
    uint32_t nbuckets = h[0], symoffset = h[1], bloom = h[2];
    const uint32_t *buckets = h + 4 + bloom * (sizeof(uintptr_t) / 4);
    const uint32_t *chain = buckets + nbuckets;
    uint32_t last = 0;
    for (uint32_t i = 0; i < nbuckets; i++)
        last = buckets[i] > last ? buckets[i] : last;
    if (last < symoffset)
        return symoffset;
    while (!(chain[last - symoffset] & 1))
        last++;
    return (size_t)last + 1;
}

static uintptr_t at(const struct dl_phdr_info *info, ElfW(Addr) p)
{
    /* ld.so relocates these entries in place; the vDSO's stay relative. */
    return p < info->dlpi_addr ? info->dlpi_addr + p : p;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static int gather(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    table *t = data;
    const ElfW(Dyn) *dyn = NULL;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_DYNAMIC)
            dyn = (const ElfW(Dyn) *)(info->dlpi_addr + ph->p_vaddr);
        if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X) && info->dlpi_name &&
            strstr(info->dlpi_name, ".so"))
            push(&t->objs, &t->nobjs, &t->cap_objs,
                 (fn_range){info->dlpi_addr + ph->p_vaddr,
                            info->dlpi_addr + ph->p_vaddr + ph->p_memsz,
                            base_name(info->dlpi_name)});
    }
    if (!dyn)
        return 0;
    const ElfW(Sym) *syms = NULL;
    const char *strs = NULL;
    size_t count = 0;
    for (; dyn->d_tag != DT_NULL; dyn++) {
        if (dyn->d_tag == DT_SYMTAB)
            syms = (const ElfW(Sym) *)at(info, dyn->d_un.d_ptr);
        else if (dyn->d_tag == DT_STRTAB)
            strs = (const char *)at(info, dyn->d_un.d_ptr);
        else if (dyn->d_tag == DT_HASH)
            count = ((const uint32_t *)at(info, dyn->d_un.d_ptr))[1];
        else if (dyn->d_tag == DT_GNU_HASH && !count)
            count = gnu_hash_count((const uint32_t *)at(info, dyn->d_un.d_ptr));
    }
    if (!syms || !strs)
        return 0;
    for (size_t i = 0; i < count; i++) {
        const ElfW(Sym) *s = &syms[i];
        if (ELF64_ST_TYPE(s->st_info) != STT_FUNC || s->st_shndx == SHN_UNDEF || !s->st_value)
            continue;
        uintptr_t lo = info->dlpi_addr + s->st_value;
        push(&t->fns, &t->nfns, &t->cap_fns,
             (fn_range){lo, lo + (s->st_size ? s->st_size : 1), strs + s->st_name});
    }
    return 0;
}

static int by_lo(const void *a, const void *b)
{
    const fn_range *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static int count_changes(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    unsigned long long *v = data;
    v[0] = info->dlpi_adds;
    v[1] = info->dlpi_subs;
    return 1; /* the counters are the same in every entry */
}

void hn__dummy_syms_refresh(void)
{
    unsigned long long v[2] = {0, 0};
    dl_iterate_phdr(count_changes, v);
    table *old = __atomic_load_n(&current, __ATOMIC_ACQUIRE);
    if (old && v[0] == seen_adds && v[1] == seen_subs)
        return;
    table *t = calloc(1, sizeof *t);
    if (!t)
        return;
    dl_iterate_phdr(gather, t);
    qsort(t->fns, t->nfns, sizeof *t->fns, by_lo);
    seen_adds = v[0];
    seen_subs = v[1];
    __atomic_store_n(&current, t, __ATOMIC_RELEASE);
}

/* The last range in v (sorted) with lo <= pc < hi, or NULL. */
static const fn_range *search(const fn_range *v, size_t n, uintptr_t pc)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].lo <= pc)
            lo = mid + 1;
        else
            hi = mid;
    }
    /* lo: the first range starting after pc; look back through aliases. */
    for (size_t i = lo; i > 0 && lo - i < 8; i--)
        if (pc < v[i - 1].hi)
            return &v[i - 1];
    return NULL;
}

const char *hn__dummy_syms_find(uintptr_t pc)
{
    const table *t = __atomic_load_n(&current, __ATOMIC_ACQUIRE);
    if (!t)
        return NULL;
    const fn_range *f = search(t->fns, t->nfns, pc);
    if (f)
        return f->name;
    for (size_t i = 0; i < t->nobjs; i++)
        if (pc >= t->objs[i].lo && pc < t->objs[i].hi)
            return t->objs[i].name;
    return NULL;
}
