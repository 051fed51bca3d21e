-- Article bodies are stored out of line and uncompressed (STORAGE EXTERNAL), in staging and in
-- core. The genre's bodies run 1-3 KB of UTF-8, past the size where PostgreSQL compresses a value,
-- and this server has only pglz: compressing them cost the server about a second per 20,000
-- bodies on every COPY into staging (some 4 s of CPU per 10^5 articles, taken from the workers
-- that share the machine), for 30 % less space. Uncompressed, a fact's evidence,
-- substr(body, span_start + 1, span_end - span_start), reads only the slice it needs.
-- Rows stored before this keep their compressed bodies; both read the same.
alter table staging.article alter column body set storage external;
alter table core.dim_article alter column body set storage external;
