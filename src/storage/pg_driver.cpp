// PostgreSQL driver on libpq: text-format parameters and results (Blob parameters go binary,
// bytea results are unescaped to raw bytes), statements prepared once per connection and
// keyed by their SQL text.
#include "storage/drivers.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace pt::db {

namespace {

constexpr std::size_t max_cached_statements = 512;
constexpr unsigned int int8_oid = 20, float8_oid = 701, text_oid = 25, bytea_oid = 17;

// bytea arrives in text format as "\\x<hex>" (or the old escape format); PQunescapeBytea
// reads both.
std::string unescape_bytea(const char* text) {
    std::size_t n = 0;
    unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &n);
    if (!raw) throw Error(Error::Kind::other, "postgres: cannot decode a bytea value (out of memory?)");
    std::string out(reinterpret_cast<const char*>(raw), n);
    PQfreemem(raw);
    return out;
}

struct ResultFree {
    void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultFree>;

std::string sql_excerpt(std::string_view sql) {
    std::string s(sql.substr(0, 200));
    if (sql.size() > 200) s += "...";
    return s;
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

Error::Kind kind_of(const std::string& state) {
    if (state == "23505") return Error::Kind::unique_violation;
    if (state == "40001" || state == "40P01" || state == "55P03") return Error::Kind::busy;
    if (state.rfind("23", 0) == 0) return Error::Kind::constraint;
    return Error::Kind::other;
}

std::string sqlstate(const PGresult* r) {
    const char* s = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    return s ? s : "";
}

// Hides the password if someone logs the URL we could not connect to.
std::string redact(const std::string& url) {
    auto scheme = url.find("://");
    auto at = url.find('@');
    if (scheme == std::string::npos || at == std::string::npos) return url;
    auto colon = url.find(':', scheme + 3);
    if (colon == std::string::npos || colon > at) return url;
    return url.substr(0, colon + 1) + "***" + url.substr(at);
}

class PgConnection final : public DriverConnection {
public:
    explicit PgConnection(std::string conninfo) : conninfo_(std::move(conninfo)) { connect(); }
    ~PgConnection() override {
        if (conn_) PQfinish(conn_);
    }

    Dialect dialect() const override { return Dialect::postgres; }

    Result query(std::string_view sql, const std::vector<Value>& params) override {
        PgResult r = run(sql, params);
        Result out;
        int nf = PQnfields(r.get());
        int nr = PQntuples(r.get());
        out.columns.reserve(nf);
        std::vector<bool> bytea(nf, false);
        for (int c = 0; c < nf; ++c) {
            out.columns.emplace_back(PQfname(r.get(), c));
            bytea[c] = PQftype(r.get(), c) == bytea_oid;
        }
        out.rows.reserve(nr);
        for (int i = 0; i < nr; ++i) {
            std::vector<std::optional<std::string>> cols;
            cols.reserve(nf);
            for (int c = 0; c < nf; ++c) {
                if (PQgetisnull(r.get(), i, c))
                    cols.emplace_back(std::nullopt);
                else if (bytea[c])
                    cols.emplace_back(unescape_bytea(PQgetvalue(r.get(), i, c)));
                else
                    cols.emplace_back(std::string(PQgetvalue(r.get(), i, c), PQgetlength(r.get(), i, c)));
            }
            out.rows.emplace_back(std::move(cols));
        }
        return out;
    }

    std::int64_t execute(std::string_view sql, const std::vector<Value>& params) override {
        PgResult r = run(sql, params);
        // PQcmdTuples also counts rows a SELECT returned; only DML changes rows.
        std::string_view status = PQcmdStatus(r.get());
        bool dml = status.rfind("INSERT", 0) == 0 || status.rfind("UPDATE", 0) == 0 ||
                   status.rfind("DELETE", 0) == 0 || status.rfind("MERGE", 0) == 0;
        const char* n = PQcmdTuples(r.get());
        return dml && n && *n ? std::stoll(n) : 0;
    }

    void execute_script(std::string_view sql) override { check(PgResult(PQexec(conn_, std::string(sql).c_str())), sql); }

    void begin(TxMode) override { simple("BEGIN"); }
    void commit() override {
        // COMMIT of a failed transaction "succeeds" as a ROLLBACK; callers must learn it did not commit.
        if (PQtransactionStatus(conn_) == PQTRANS_INERROR) {
            simple("ROLLBACK");
            throw Error(Error::Kind::other, "postgres: commit of a transaction that already failed; rolled back");
        }
        simple("COMMIT");
    }
    void rollback() override { simple("ROLLBACK"); }

    void ready_for_use() override {
        if (PQstatus(conn_) == CONNECTION_OK) return;
        // The server restarted or dropped us: its prepared statements are gone with the session.
        cache_.clear();
        PQfinish(conn_);
        conn_ = nullptr;
        connect();
    }

    void reset_after_use() noexcept override {
        if (!conn_ || PQstatus(conn_) != CONNECTION_OK) return;
        if (PQtransactionStatus(conn_) != PQTRANS_IDLE) PQclear(PQexec(conn_, "ROLLBACK"));
    }

private:
    struct Prepared {
        std::string name;  // server-side statement name
        std::string key;   // its cache key
    };

    void connect() {
        conn_ = PQconnectdb(conninfo_.c_str());
        if (PQstatus(conn_) != CONNECTION_OK) {
            std::string msg = trim(PQerrorMessage(conn_));
            PQfinish(conn_);
            conn_ = nullptr;
            throw Error(Error::Kind::other, "cannot connect to PostgreSQL at '" + redact(conninfo_) + "': " + msg);
        }
        // Notices ("relation already exists, skipping") would otherwise go to stderr.
        PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
        try {
            if (PQsetClientEncoding(conn_, "UTF8") != 0)
                throw Error(Error::Kind::other, "postgres: cannot set client_encoding UTF8: " + trim(PQerrorMessage(conn_)));
            simple("SET statement_timeout = '30s'");
        } catch (...) {
            PQfinish(conn_);
            conn_ = nullptr;
            throw;
        }
    }

    void simple(const char* sql) { check(PgResult(PQexec(conn_, sql)), sql); }

    PgResult check(PgResult r, std::string_view sql) {
        ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
        if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) return r;
        std::string state = sqlstate(r.get());
        std::string msg;
        if (r) {
            const char* primary = PQresultErrorField(r.get(), PG_DIAG_MESSAGE_PRIMARY);
            const char* detail = PQresultErrorField(r.get(), PG_DIAG_MESSAGE_DETAIL);
            msg = primary ? primary : trim(PQresultErrorMessage(r.get()));
            if (detail) msg += std::string(" (") + detail + ")";
        }
        if (msg.empty()) msg = trim(PQerrorMessage(conn_));
        if (state.empty() && PQstatus(conn_) != CONNECTION_OK) msg = "connection lost: " + msg;
        throw Error(kind_of(state), "postgres: " + msg + (state.empty() ? "" : " [SQLSTATE " + state + "]") +
                                        " [in: " + sql_excerpt(sql) + "]");
    }

    PgResult run(std::string_view sql, const std::vector<Value>& params) {
        int n = 0;
        std::string text = rewrite_placeholders(sql, &n);
        if (n != static_cast<int>(params.size()))
            throw Error(Error::Kind::other, "postgres: statement has " + std::to_string(n) + " placeholders but " +
                                                std::to_string(params.size()) + " values were given [in: " +
                                                sql_excerpt(sql) + "]");
        std::vector<std::string> storage(params.size());
        std::vector<const char*> values(params.size(), nullptr);
        std::vector<unsigned int> types(params.size(), 0);
        std::vector<int> lengths(params.size(), 0), formats(params.size(), 0);  // format 1: binary
        for (std::size_t i = 0; i < params.size(); ++i) {
            const Value& v = params[i];
            if (auto p = std::get_if<std::int64_t>(&v)) {
                storage[i] = std::to_string(*p);
                types[i] = int8_oid;
            } else if (auto d = std::get_if<double>(&v)) {
                storage[i] = format_double(*d);
                types[i] = float8_oid;
            } else if (auto s = std::get_if<std::string>(&v)) {
                if (s->find('\0') != std::string::npos)  // text parameters end at NUL; PostgreSQL text cannot hold one
                    throw Error(Error::Kind::other, "postgres: parameter " + std::to_string(i + 1) +
                                                        " contains a NUL byte [in: " + sql_excerpt(sql) + "]");
                storage[i] = *s;
                types[i] = text_oid;
            } else if (auto b = std::get_if<Blob>(&v)) {
                // Binary format: the bytes as they are, NULs included; the length says where they end.
                values[i] = b->bytes.data();
                lengths[i] = static_cast<int>(b->bytes.size());
                formats[i] = 1;
                types[i] = bytea_oid;
                continue;
            } else {
                types[i] = text_oid;
                continue;  // NULL stays nullptr
            }
            values[i] = storage[i].c_str();
        }
        const Prepared* prep = prepared(text, types);
        if (!prep) {  // cache full: a one-off statement, typed the way a prepare would be
            auto mask = typed_params_.find(text);
            std::vector<unsigned int> ptypes = masked(types, mask == typed_params_.end() ? nullptr : &mask->second);
            return check(PgResult(PQexecParams(conn_, text.c_str(), n, ptypes.data(), values.data(), lengths.data(),
                                               formats.data(), 0)),
                         sql);
        }
        PgResult r(PQexecPrepared(conn_, prep->name.c_str(), n, values.data(), lengths.data(), formats.data(), 0));
        // "cached plan must not change result type" after a schema change: prepare afresh next time.
        if (sqlstate(r.get()) == "0A000") cache_.erase(std::string(prep->key));
        return check(std::move(r), sql);
    }

    static std::vector<unsigned int> masked(const std::vector<unsigned int>& types, const std::vector<bool>* mask) {
        std::vector<unsigned int> out(types.size(), 0);
        if (mask)
            for (std::size_t i = 0; i < types.size() && i < mask->size(); ++i)
                if ((*mask)[i]) out[i] = types[i];
        return out;
    }

    // Parameters are sent untyped so the server infers them from context (a '1' fits an int,
    // a boolean or a numeric column alike). Where context says nothing (`? IS NULL`) the
    // server refuses with 42P18 naming the parameter; that one then takes its type from its
    // value (NULL as text), remembered per SQL text, and the statement is cached per such type.
    const Prepared* prepared(const std::string& text, const std::vector<unsigned int>& types) {
        for (std::size_t attempt = 0;; ++attempt) {
            auto m = typed_params_.find(text);
            const std::vector<bool>* mask = m == typed_params_.end() ? nullptr : &m->second;
            std::vector<unsigned int> ptypes = masked(types, mask);
            std::string key = text;
            if (mask) {
                key += '\x01';
                for (unsigned int t : ptypes) key += std::to_string(t) + ",";
            }
            if (auto it = cache_.find(key); it != cache_.end()) return &it->second;
            if (cache_.size() >= max_cached_statements) return nullptr;

            std::string name = "pt" + std::to_string(++counter_);
            // A failed prepare aborts the surrounding transaction; the savepoint keeps it usable.
            // Paid once per statement and connection.
            bool guard = PQtransactionStatus(conn_) == PQTRANS_INTRANS;
            if (guard) simple("SAVEPOINT pt_prepare");
            PgResult r(PQprepare(conn_, name.c_str(), text.c_str(), static_cast<int>(ptypes.size()), ptypes.data()));
            bool failed = !r || PQresultStatus(r.get()) != PGRES_COMMAND_OK;
            if (guard) {
                if (failed) simple("ROLLBACK TO SAVEPOINT pt_prepare");
                simple("RELEASE SAVEPOINT pt_prepare");
            }
            if (failed && sqlstate(r.get()) == "42P18" && attempt < types.size()) {
                std::vector<bool> next = mask ? *mask : std::vector<bool>(types.size(), false);
                std::size_t idx = undetermined_param(r.get());
                if (idx >= 1 && idx <= next.size() && !next[idx - 1])
                    next[idx - 1] = true;
                else if (std::find(next.begin(), next.end(), false) != next.end())
                    next.assign(next.size(), true);  // message not understood (localized?): type all
                else
                    check(std::move(r), text);  // throws: nothing left to type
                typed_params_[text] = std::move(next);
                continue;
            }
            check(std::move(r), text);
            return &cache_.emplace(key, Prepared{std::move(name), key}).first->second;
        }
    }

    // "could not determine data type of parameter $3" -> 3; 0 when the message has no `$n`.
    static std::size_t undetermined_param(const PGresult* r) {
        const char* msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
        if (!msg) return 0;
        const char* dollar = std::strrchr(msg, '$');
        return dollar ? std::strtoul(dollar + 1, nullptr, 10) : 0;
    }

    std::string conninfo_;
    PGconn* conn_ = nullptr;
    std::unordered_map<std::string, Prepared> cache_;
    std::unordered_map<std::string, std::vector<bool>> typed_params_;  // SQL -> params typed by value
    std::uint64_t counter_ = 0;
};

}  // namespace

std::unique_ptr<Database> open_postgres(const std::string& conninfo, int pool_size) {
    std::vector<std::unique_ptr<DriverConnection>> conns;
    for (int i = 0; i < pool_size; ++i) conns.push_back(std::make_unique<PgConnection>(conninfo));
    return std::make_unique<PooledDatabase>(Dialect::postgres, std::move(conns));
}

}  // namespace pt::db
