-- What publish decides for each file of the run (and for articles it demotes), the run's
-- published articles, and the facts inserted per article; all dropped at commit.
create temp table pub_file (
    source_path       text primary key,
    sha256            text,
    extractor_version text,
    outcome           text not null,  -- loaded | replaced | unchanged | duplicate | quarantined | demoted
    duplicate_of      text,
    reason            text
) on commit drop;

-- One row per article this run inserts or updates (publish_dim_article.sql): what the facts need
-- of it, so that no fact statement joins staging.article, pub_file and core.dim_article again.
create temp table pub_article (
    source_path        text primary key,
    article_key        bigint not null,
    is_new             boolean not null,
    region_code        text,
    sha256             text not null,
    extractor_version  text,
    published_date     date,
    event_date         date,
    reference_date     date,
    source_key         bigint,
    region_key         bigint,
    body_length        integer not null
) on commit drop;

-- Facts inserted per article and fact table (the fact statements' RETURNING), for fct_article.
create temp table pub_fact_count (
    article_key    bigint not null,
    fact           text not null,
    fact_rows      integer not null,
    distinct_keys  integer,  -- officials (official_role), lists (ranking_item)
    money_rows     integer,  -- figure
    money_total    numeric   -- figure
) on commit drop;
