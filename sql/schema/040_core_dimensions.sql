-- Conformed dimensions. Surrogate <thing>_key (identity), natural <thing>_id (unique).

create table core.dim_date (
    date_key   integer primary key,
    date       date not null unique,
    year       smallint not null,
    quarter    smallint not null,
    month      smallint not null,
    day        smallint not null,
    iso_year   smallint not null,
    iso_week   smallint not null,
    weekday    smallint not null,
    is_weekend boolean not null,
    month_start date not null,
    year_month text not null
);
comment on table core.dim_date is 'One row per calendar day (prefilled 2000–2035; publish adds any other day a fact needs).';
comment on column core.dim_date.date_key is 'The day as the integer yyyymmdd (natural and primary key).';
comment on column core.dim_date.date is 'The day.';
comment on column core.dim_date.year is 'Calendar year.';
comment on column core.dim_date.quarter is 'Calendar quarter, 1–4.';
comment on column core.dim_date.month is 'Month, 1–12.';
comment on column core.dim_date.day is 'Day of the month, 1–31.';
comment on column core.dim_date.iso_year is 'ISO 8601 week-numbering year.';
comment on column core.dim_date.iso_week is 'ISO 8601 week number, 1–53.';
comment on column core.dim_date.weekday is 'ISO day of the week: 1 = Monday … 7 = Sunday.';
comment on column core.dim_date.is_weekend is 'True on Saturday and Sunday.';
comment on column core.dim_date.month_start is 'First day of the month (for grouping by month).';
comment on column core.dim_date.year_month is 'The month as text, YYYY-MM.';

create table core.dim_source (
    source_key bigint generated always as identity primary key,
    source_id  text not null unique
);
comment on table core.dim_source is 'One row per publishing outlet (news site) named by an article.';
comment on column core.dim_source.source_key is 'Surrogate key.';
comment on column core.dim_source.source_id is 'The outlet''s name as the article states it (natural key).';

create table core.dim_region (
    region_key        bigint generated always as identity primary key,
    region_id         text not null unique,
    admin_code        text,
    name              text not null,
    level             text not null check (level in ('province', 'prefecture', 'county', 'zone')),
    parent_region_id  text,
    parent_region_key bigint references core.dim_region (region_key),
    aliases           text[] not null default '{}'
);
create index dim_region_name_idx on core.dim_region (name);
create index dim_region_parent_idx on core.dim_region (parent_region_key);
comment on table core.dim_region is
    'One row per administrative division of China (GB/T 2260: province, prefecture, county) and per development zone met in an article.';
comment on column core.dim_region.region_key is 'Surrogate key.';
comment on column core.dim_region.region_id is
    'Natural key: the six-digit admin code for divisions; for a zone without a code, zone:<parent admin code>:<name>.';
comment on column core.dim_region.admin_code is 'Six-digit administrative division code; null for zones without one.';
comment on column core.dim_region.name is 'Full name (驻马店市 style).';
comment on column core.dim_region.level is 'province, prefecture, county or zone.';
comment on column core.dim_region.parent_region_id is 'region_id of the enclosing region; null for provinces and zones of unknown place.';
comment on column core.dim_region.parent_region_key is 'region_key of the enclosing region.';
comment on column core.dim_region.aliases is 'Short names (驻马店 for 驻马店市) from the gazetteer.';

create table core.dim_official (
    official_key bigint generated always as identity primary key,
    official_id  text not null unique,
    name         text not null,
    region_id    text not null,
    region_key   bigint references core.dim_region (region_key)
);
comment on table core.dim_official is
    'One row per official''s name per region of the articles naming them (a name alone is ambiguous across cities).';
comment on column core.dim_official.official_key is 'Surrogate key.';
comment on column core.dim_official.official_id is 'Natural key: <region_id>:<name>, e.g. 411700:张三.';
comment on column core.dim_official.name is 'The official''s name.';
comment on column core.dim_official.region_id is 'region_id of the article''s region (prefecture or county); empty when the article has none.';
comment on column core.dim_official.region_key is 'region_key of that region; null when unknown.';

create table core.dim_campaign (
    campaign_key bigint generated always as identity primary key,
    campaign_id  text not null unique
);
comment on table core.dim_campaign is 'One row per named campaign, mechanism, target or slogan, as written.';
comment on column core.dim_campaign.campaign_key is 'Surrogate key.';
comment on column core.dim_campaign.campaign_id is 'The campaign text without quotation marks (natural key).';

create table core.dim_article (
    article_key       bigint generated always as identity primary key,
    article_id        text not null unique,
    file_name         text,
    title             text,
    published_at      timestamptz,
    published_date    date,
    event_date        date,
    event_month_day   text,
    reference_date    date,
    source_key        bigint references core.dim_source (source_key),
    region_key        bigint references core.dim_region (region_key),
    url               text,
    script            text,
    editors           text[] not null default '{}',
    reporters         text[] not null default '{}',
    encoding          text,
    container         text,
    sha256            text not null,
    extractor_version text,
    body              text,
    run_id            text not null,
    -- deferred: one publish may swap the contents of two paths
    constraint dim_article_sha256_uq unique (sha256) deferrable initially deferred
);
comment on table core.dim_article is
    'One row per article, i.e. per landing file path (the latest loaded version of its content).';
comment on column core.dim_article.article_key is 'Surrogate key.';
comment on column core.dim_article.article_id is 'Natural key: the file''s path relative to the landing folder.';
comment on column core.dim_article.file_name is 'Base name of the file.';
comment on column core.dim_article.title is 'Title; null when the file has none.';
comment on column core.dim_article.published_at is 'Publication time; a date without time is read as midnight Beijing time.';
comment on column core.dim_article.published_date is 'Publication date as written (Beijing time).';
comment on column core.dim_article.event_date is 'Date of the reported event when the article states the year; else null.';
comment on column core.dim_article.event_month_day is 'The event''s --MM-DD when the article states no year; else null.';
comment on column core.dim_article.reference_date is
    'The date analyses use: the event date, else the --MM-DD event day in the year of publication (the year before if that falls after it), else the publication date.';
comment on column core.dim_article.source_key is 'The publishing outlet.';
comment on column core.dim_article.region_key is 'The region the article is about.';
comment on column core.dim_article.url is 'The article''s own link when the file states it.';
comment on column core.dim_article.script is 'Script of the input: simplified or traditional.';
comment on column core.dim_article.editors is 'Responsible editors, in order.';
comment on column core.dim_article.reporters is 'Reporters and photographers, in order.';
comment on column core.dim_article.encoding is 'Detected encoding of the raw bytes.';
comment on column core.dim_article.container is 'Container format: text, html, markdown or json.';
comment on column core.dim_article.sha256 is 'sha256 of the raw bytes of the loaded version (unique: the same content is one article).';
comment on column core.dim_article.extractor_version is 'Version of the extractor that made the loaded record.';
comment on column core.dim_article.body is
    'Cleaned body text; every fact''s evidence span points into it: substr(body, span_start + 1, span_end - span_start).';
comment on column core.dim_article.run_id is 'The pipeline run that published this version.';
