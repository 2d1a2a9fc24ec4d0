#include "store/sqlite_wal_vfs.hpp"

#include <sqlite3.h>

#include <cstring>
#include <mutex>
#include <new>
#include <string>

namespace rollcall::store::detail {
namespace {

// SQLite writes each WAL frame as two calls (its 24-byte header, then the page), so a commit of n
// pages costs 2n pwrite calls, each touching one or two page-cache pages. The shim keeps a WAL file's
// contiguous writes in memory and hands them to the kernel as one write when SQLite writes the page of
// a commit frame (a header whose "database size after commit" field is not zero: WAL format, sqlite.org
// fileformat2 §4.1) — that is, before SQLite goes on to publish the commit in the shared WAL index, so
// a reader never sees a frame that is not in the file, and an acknowledged commit is in the kernel
// (kill -9 safe) exactly as without the shim. Any other call on the file (read, sync, truncate, size,
// lock, close, file control) writes what is pending first; a failed write is reported by the call that
// made it.
constexpr int frame_header_size = 24;
// SQLite's unix VFS writes at most 0x1ffff bytes per call and takes a longer buffer for a short write
// (its seekAndWrite masks the length), so pending bytes never grow past that.
constexpr std::size_t max_pending = 0x1ffff;

struct shim_file {
    sqlite3_file base;  // first: SQLite sees a shim_file as a sqlite3_file
    sqlite3_file* real = nullptr;
    bool wal = false;
    bool commit_frame = false;  // the last header buffered closes a transaction
    shim_file* wal_file = nullptr;  // on a database file: its WAL file, while open
    shim_file* db_file = nullptr;   // on a WAL file: its database file
    sqlite3_int64 pending_at = 0;
    std::string pending;
};

sqlite3_vfs* underlying = nullptr;
sqlite3_vfs shim_vfs{};
sqlite3_io_methods shim_methods[4]{};  // by iVersion: the shim speaks the version of the file it wraps

shim_file* shim(sqlite3_file* f) { return reinterpret_cast<shim_file*>(f); }
const sqlite3_io_methods& real_methods(shim_file* f) { return *f->real->pMethods; }

int flush(shim_file* f) {
    if (f->pending.empty()) return SQLITE_OK;
    const int rc = real_methods(f).xWrite(f->real, f->pending.data(), static_cast<int>(f->pending.size()), f->pending_at);
    f->pending.clear();
    return rc;
}

int shim_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
    shim_file* f = shim(file);
    if (!f->wal) return real_methods(f).xWrite(f->real, data, amount, offset);
    // The page after a commit frame's header ends the transaction's frames.
    const bool closes_commit = f->commit_frame && amount != frame_header_size;
    f->commit_frame = amount == frame_header_size && (static_cast<const unsigned char*>(data)[4] |
                                                      static_cast<const unsigned char*>(data)[5] |
                                                      static_cast<const unsigned char*>(data)[6] |
                                                      static_cast<const unsigned char*>(data)[7]) != 0;
    const auto end = f->pending_at + static_cast<sqlite3_int64>(f->pending.size());
    if (!f->pending.empty() && (offset != end || f->pending.size() + static_cast<std::size_t>(amount) > max_pending))
        if (int rc = flush(f); rc != SQLITE_OK) return rc;
    if (f->pending.empty()) f->pending_at = offset;
    try {
        f->pending.append(static_cast<const char*>(data), static_cast<std::size_t>(amount));
    } catch (const std::bad_alloc&) {  // `pending` is unchanged: write it, then this one directly
        if (int rc = flush(f); rc != SQLITE_OK) return rc;
        return real_methods(f).xWrite(f->real, data, amount, offset);
    }
    return closes_commit ? flush(f) : SQLITE_OK;
}

// Every other method: write what is pending, then forward.
template <auto Member, class... A>
int flushed(sqlite3_file* file, A... args) {
    shim_file* f = shim(file);
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
    return (real_methods(f).*Member)(f->real, args...);
}

// Methods that never see the WAL's pending bytes: forwarded as they are.
template <auto Member, class... A>
int forwarded(sqlite3_file* file, A... args) {
    return (real_methods(shim(file)).*Member)(shim(file)->real, args...);
}

int shim_close(sqlite3_file* file) {
    shim_file* f = shim(file);
    const int written = flush(f);
    if (f->db_file) f->db_file->wal_file = nullptr;
    if (f->wal_file) f->wal_file->db_file = nullptr;
    const int closed = real_methods(f).xClose(f->real);
    f->~shim_file();
    return written != SQLITE_OK ? written : closed;
}

// The shared-memory calls come on the database file. A commit publishes its frames in the WAL index
// with a barrier, and ends by releasing the write lock: the WAL file's pending bytes go first on both,
// so nothing is ever published that is not in the file, even if the commit frame went unrecognised.
void shim_barrier(sqlite3_file* file) {
    shim_file* f = shim(file);
    if (f->wal_file) (void)flush(f->wal_file);  // cannot fail here in practice: the commit frame flushed it
    real_methods(f).xShmBarrier(f->real);
}
int shim_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
    shim_file* f = shim(file);
    if (f->wal_file)
        if (int rc = flush(f->wal_file); rc != SQLITE_OK) return rc;
    return real_methods(f).xShmLock(f->real, offset, n, flags);
}

int shim_open(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
    auto* f = new (file) shim_file{};
    f->base.pMethods = nullptr;
    f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + sizeof(shim_file));
    std::memset(f->real, 0, static_cast<std::size_t>(underlying->szOsFile));
    const int rc = underlying->xOpen(underlying, name, f->real, flags, out_flags);
    if (rc != SQLITE_OK) {
        if (f->real->pMethods) f->real->pMethods->xClose(f->real);
        f->~shim_file();
        file->pMethods = nullptr;
        return rc;
    }
    f->wal = (flags & SQLITE_OPEN_WAL) != 0;
    if (f->wal) {
        sqlite3_file* db = sqlite3_database_file_object(name);
        const bool ours = db != nullptr && db->pMethods >= &shim_methods[1] && db->pMethods <= &shim_methods[3];
        if (ours) {
            f->db_file = shim(db);
            f->db_file->wal_file = f;
        }
    }
    const int version = f->real->pMethods->iVersion;
    f->base.pMethods = &shim_methods[version >= 1 && version <= 3 ? version : 1];
    return SQLITE_OK;
}

void register_shim() {
    underlying = sqlite3_vfs_find(nullptr);
    if (underlying == nullptr) return;
    sqlite3_io_methods m{};
    m.xClose = shim_close;
    m.xRead = flushed<&sqlite3_io_methods::xRead, void*, int, sqlite3_int64>;
    m.xWrite = shim_write;
    m.xTruncate = flushed<&sqlite3_io_methods::xTruncate, sqlite3_int64>;
    m.xSync = flushed<&sqlite3_io_methods::xSync, int>;
    m.xFileSize = flushed<&sqlite3_io_methods::xFileSize, sqlite3_int64*>;
    m.xLock = flushed<&sqlite3_io_methods::xLock, int>;
    m.xUnlock = flushed<&sqlite3_io_methods::xUnlock, int>;
    m.xCheckReservedLock = flushed<&sqlite3_io_methods::xCheckReservedLock, int*>;
    m.xFileControl = flushed<&sqlite3_io_methods::xFileControl, int, void*>;
    m.xSectorSize = forwarded<&sqlite3_io_methods::xSectorSize>;
    m.xDeviceCharacteristics = forwarded<&sqlite3_io_methods::xDeviceCharacteristics>;
    m.xShmMap = forwarded<&sqlite3_io_methods::xShmMap, int, int, int, void volatile**>;
    m.xShmLock = shim_shm_lock;
    m.xShmBarrier = shim_barrier;
    m.xShmUnmap = forwarded<&sqlite3_io_methods::xShmUnmap, int>;
    m.xFetch = flushed<&sqlite3_io_methods::xFetch, sqlite3_int64, int, void**>;
    m.xUnfetch = forwarded<&sqlite3_io_methods::xUnfetch, sqlite3_int64, void*>;

    for (int v = 1; v <= 3; ++v) {
        shim_methods[v] = m;
        shim_methods[v].iVersion = v;
    }

    shim_vfs = *underlying;  // every VFS-level call (delete, access, time, randomness...) is the real one's
    shim_vfs.zName = wal_coalescing_vfs_name;
    shim_vfs.szOsFile = static_cast<int>(sizeof(shim_file)) + underlying->szOsFile;
    shim_vfs.xOpen = shim_open;
    shim_vfs.pNext = nullptr;
    if (sqlite3_vfs_register(&shim_vfs, 0) != SQLITE_OK) underlying = nullptr;
}

}  // namespace

const char* wal_coalescing_vfs() {
    static std::once_flag once;
    std::call_once(once, register_shim);
    return underlying != nullptr ? wal_coalescing_vfs_name : nullptr;
}

}  // namespace rollcall::store::detail
