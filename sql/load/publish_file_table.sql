-- What publish decides for each file of the run (and for articles it demotes), and the run's
-- published articles; both dropped at commit.
create temp table pub_file (
    source_path       text primary key,
    sha256            text,
    extractor_version text,
    outcome           text not null,  -- loaded | replaced | unchanged | duplicate | quarantined | demoted
    duplicate_of      text,
    reason            text,
    -- what the dimensions need of a staged article (publish_dim_source.sql, publish_dim_region.sql),
    -- kept here so that they do not read staging.article, bodies and all, once more each
    source            text,
    region_code       text,
    region_name       text
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
    body_length        integer not null,
    -- the counts of the article's staged section rows (staging.article), for fct_article
    official_count      integer,
    official_role_count integer,
    region_count        integer,
    figure_count        integer,
    money_figure_count  integer,
    money_total         numeric,
    ranking_count       integer,
    ranking_item_count  integer,
    campaign_count      integer,
    meeting_count       integer,
    keyword_count       integer
) on commit drop;
