// An LD_PRELOAD shim that follows the Swift task allocator of every task: which async frames
// a task allocates, in which slab each lands, and the deepest path (the most slabs) it ever
// reached. A task keeps its slabs until it ends, so that path is what an idle connection's
// task still holds. SIGUSR2 writes every task with 3 slabs or more to $TASK_SLABS_OUT.
//
// The slab rules are the runtime's (stdlib/public/runtime/StackAllocator.h): slabs of 984
// bytes or the allocation's size, 16-byte allocation headers, allocations aligned to 16, an
// empty successor slab reused when it is large enough, and successors merged when not.
// Only calls through the PLT are seen: async frames of code in the executable (the server,
// NIO), not allocations made inside the concurrency runtime itself.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SLAB_CAPACITY = 984, HEADER = 16, MAX_DEPTH = 256, MAX_SLABS = 64, TABLE = 65536 };

typedef struct { size_t size; int slab; void *caller; void *pointer; } Frame;
typedef struct {
    void *task;
    int depth, slabCount, peakSlabs, peakDepth;
    size_t capacity[MAX_SLABS], used[MAX_SLABS];
    Frame frames[MAX_DEPTH], peak[MAX_DEPTH];
} Task;

static Task *tasks;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static void *(*realAlloc)(size_t);
static void (*realDealloc)(void *);
static void *(*currentTask)(void);

static Task *find(void *task, int insert) {
    size_t start = ((uintptr_t)task >> 4) % TABLE;
    for (size_t probe = 0; probe < TABLE; probe++) {
        Task *entry = &tasks[(start + probe) % TABLE];
        if (entry->task == task) return entry;
        if (!entry->task) {
            if (!insert) return NULL;
            memset(entry, 0, sizeof *entry);
            entry->task = task;
            return entry;
        }
    }
    return NULL;
}

static size_t aligned(size_t size) { return (size + 15) & ~(size_t)15; }

static void allocate(Task *t, size_t size, void *caller, void *pointer) {
    size_t need = aligned(size) + HEADER;
    int slab = t->depth ? t->frames[t->depth - 1].slab : (t->slabCount ? 0 : -1);
    if (slab >= 0 && t->used[slab] + need <= t->capacity[slab]) {
        // fits where the last allocation is
    } else if (slab >= 0 && slab + 1 < t->slabCount && t->capacity[slab + 1] >= need) {
        slab += 1;
    } else {
        size_t capacity = need;
        if (slab + 1 < t->slabCount) {  // too-small successors are freed and merged
            size_t merged = 0;
            for (int i = slab + 1; i < t->slabCount; i++) merged += t->capacity[i];
            t->slabCount = slab + 1;
            if (merged > capacity) capacity = merged;
        }
        if (capacity < SLAB_CAPACITY) capacity = SLAB_CAPACITY;
        if (t->slabCount == MAX_SLABS) return;
        t->capacity[t->slabCount] = capacity;
        t->used[t->slabCount] = 0;
        slab = t->slabCount++;
    }
    if (t->depth == MAX_DEPTH) return;
    t->frames[t->depth++] = (Frame){ size, slab, caller, pointer };
    t->used[slab] += need;
    if (t->slabCount > t->peakSlabs || (t->slabCount == t->peakSlabs && t->depth > t->peakDepth)) {
        t->peakSlabs = t->slabCount;
        t->peakDepth = t->depth;
        memcpy(t->peak, t->frames, sizeof(Frame) * t->depth);
    }
}

static void deallocate(Task *t, void *pointer) {
    if (!t->depth || t->frames[t->depth - 1].pointer != pointer) return;
    Frame *last = &t->frames[--t->depth];
    t->used[last->slab] -= aligned(last->size) + HEADER;
    // Nothing left: the task has (almost surely) ended, and a new task may get its address.
    // (Resetting when a task is created would race with the new task's first frames.)
    if (t->depth == 0) {
        void *task = t->task;
        memset(t, 0, sizeof *t);
        t->task = task;
    }
}

static void report(int signal) {
    (void)signal;
    const char *path = getenv("TASK_SLABS_OUT");
    FILE *out = fopen(path ? path : "/tmp/task_slabs.out", "w");
    if (!out) return;
    FILE *maps = fopen("/proc/self/maps", "r");
    char line[1024];
    while (maps && fgets(line, sizeof line, maps)) fprintf(out, "MAP %s", line);
    if (maps) fclose(maps);
    pthread_mutex_lock(&lock);
    for (int i = 0; i < TABLE; i++) {
        Task *t = &tasks[i];
        if (!t->task || t->slabCount < 3) continue;
        size_t bytes = 0;
        for (int s = 0; s < t->slabCount; s++) bytes += t->capacity[s] + HEADER;
        fprintf(out, "TASK %p slabs %d bytes %zu depth %d\n", t->task, t->slabCount, bytes, t->depth);
        for (int j = 0; j < t->peakDepth; j++)
            fprintf(out, "PEAK %d %zu %p\n", t->peak[j].slab, t->peak[j].size, t->peak[j].caller);
        for (int j = 0; j < t->depth; j++)
            fprintf(out, "NOW %d %zu %p\n", t->frames[j].slab, t->frames[j].size, t->frames[j].caller);
    }
    pthread_mutex_unlock(&lock);
    fclose(out);
}

__attribute__((constructor)) static void start(void) {
    tasks = calloc(TABLE, sizeof(Task));
    realAlloc = dlsym(RTLD_NEXT, "swift_task_alloc");
    realDealloc = dlsym(RTLD_NEXT, "swift_task_dealloc");
    currentTask = dlsym(RTLD_NEXT, "swift_task_getCurrent");
    signal(SIGUSR2, report);
}

// The runtime's entry points use the Swift calling convention, which matches C's for these
// pointer-sized arguments and results on x86-64 and arm64.
void *swift_task_alloc(size_t size) {
    void *pointer = realAlloc(size);
    void *task = currentTask();
    if (task) {
        pthread_mutex_lock(&lock);
        Task *t = find(task, 1);
        if (t) allocate(t, size, __builtin_return_address(0), pointer);
        pthread_mutex_unlock(&lock);
    }
    return pointer;
}

void swift_task_dealloc(void *pointer) {
    void *task = currentTask();
    if (task) {
        pthread_mutex_lock(&lock);
        Task *t = find(task, 0);
        if (t) deallocate(t, pointer);
        pthread_mutex_unlock(&lock);
    }
    realDealloc(pointer);
}
