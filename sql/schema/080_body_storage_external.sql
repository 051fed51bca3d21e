-- Article bodies are stored out of line and uncompressed (STORAGE EXTERNAL), in staging and in
-- core. Three bodies of the genre in four pass the size (about 2 KB) where PostgreSQL compresses a value,
-- and this server has only pglz: a COPY of 20,000 bodies into staging took the server 0.84-1.11 s
-- compressed and 0.26-0.30 s not (3-4 s of CPU per 10^5 articles, taken from the workers that share
-- the machine), for 30 % less space. PostgreSQL's documentation adds that substring
-- operations, such as a fact's evidence substr(body, span_start + 1, span_end - span_start), run faster
-- on uncompressed out-of-line values.
-- Rows stored before this keep their compressed bodies; both read the same.
alter table staging.article alter column body set storage external;
alter table core.dim_article alter column body set storage external;
