-- Facts. Each row keeps its evidence: the article's sha256 and extractor_version, and
-- [span_start, span_end) of the sentence in core.dim_article.body it came from:
-- substr(body, span_start + 1, span_end - span_start) shows that sentence.
-- Facts belong to one article version: replacing the version deletes them (on delete cascade
-- when the article itself goes).

create table core.fct_article (
    article_key          bigint primary key references core.dim_article (article_key) on delete cascade,
    date_key             integer references core.dim_date (date_key),
    published_date_key   integer references core.dim_date (date_key),
    event_date_key       integer references core.dim_date (date_key),
    source_key           bigint references core.dim_source (source_key),
    region_key           bigint references core.dim_region (region_key),
    official_count       integer not null,
    official_role_count  integer not null,
    region_count         integer not null,
    figure_count         integer not null,
    money_figure_count   integer not null,
    money_total          numeric,
    ranking_count        integer not null,
    ranking_item_count   integer not null,
    campaign_count       integer not null,
    meeting_count        integer not null,
    keyword_count        integer not null,
    sha256               text not null,
    extractor_version    text,
    span_start           integer not null,
    span_end             integer not null
);
comment on table core.fct_article is 'One row per article: its dates, outlet, region and counts of what was extracted.';
comment on column core.fct_article.article_key is 'The article (dim_article).';
comment on column core.fct_article.date_key is 'The article''s reference date (dim_article.reference_date: event date, else publication date).';
comment on column core.fct_article.published_date_key is 'Publication date.';
comment on column core.fct_article.event_date_key is 'Event date when stated with its year; else null.';
comment on column core.fct_article.source_key is 'Publishing outlet.';
comment on column core.fct_article.region_key is 'The region the article is about.';
comment on column core.fct_article.official_count is 'Distinct officials named.';
comment on column core.fct_article.official_role_count is 'Rows in fct_official_role (official × role).';
comment on column core.fct_article.region_count is 'Regions named.';
comment on column core.fct_article.figure_count is 'Figures extracted.';
comment on column core.fct_article.money_figure_count is 'Figures of kind money.';
comment on column core.fct_article.money_total is 'Sum of money figures, in yuan; null when there are none.';
comment on column core.fct_article.ranking_count is 'Ranking lists.';
comment on column core.fct_article.ranking_item_count is 'Items over all ranking lists.';
comment on column core.fct_article.campaign_count is 'Campaigns named.';
comment on column core.fct_article.meeting_count is 'Meetings reported.';
comment on column core.fct_article.keyword_count is 'Keywords stored.';

create table core.fct_official_role (
    official_role_key bigint generated always as identity primary key,
    article_key       bigint not null references core.dim_article (article_key) on delete cascade,
    official_key      bigint not null references core.dim_official (official_key),
    role              text,
    title             text,
    titles            text[] not null default '{}',
    mention_count     integer not null,
    sha256            text not null,
    extractor_version text,
    span_start        integer,
    span_end          integer,
    constraint fct_official_role_uq unique nulls not distinct (article_key, official_key, role)
);
create index fct_official_role_official_idx on core.fct_official_role (official_key);
comment on table core.fct_official_role is
    'One row per official × article × role (role null: named as an official with no role found).';
comment on column core.fct_official_role.official_role_key is 'Surrogate key.';
comment on column core.fct_official_role.article_key is 'The article.';
comment on column core.fct_official_role.official_key is 'The official.';
comment on column core.fct_official_role.role is 'host, speaker, attendee, commentator or quoted.';
comment on column core.fct_official_role.title is 'The title stated in the evidence sentence, else the first title the article gives.';
comment on column core.fct_official_role.titles is 'Every title the article gives the official, in order.';
comment on column core.fct_official_role.mention_count is 'Sentences in which the official has this role (at least 1).';

create table core.fct_figure (
    figure_key        bigint generated always as identity primary key,
    article_key       bigint not null references core.dim_article (article_key) on delete cascade,
    figure_no         integer not null,
    kind              text,
    value             numeric,
    unit              text,
    text              text,
    sha256            text not null,
    extractor_version text,
    span_start        integer,
    span_end          integer,
    unique (article_key, figure_no)
);
comment on table core.fct_figure is 'One row per figure (number with a unit) extracted from an article.';
comment on column core.fct_figure.figure_key is 'Surrogate key.';
comment on column core.fct_figure.article_key is 'The article.';
comment on column core.fct_figure.figure_no is 'Position (0-based) in the record''s figures.';
comment on column core.fct_figure.kind is 'money, count, percent, points, rank or duration.';
comment on column core.fct_figure.value is 'The number; money in yuan (90.2亿元 = 9020000000).';
comment on column core.fct_figure.unit is 'Unit as stated.';
comment on column core.fct_figure.text is 'The words it was read from.';

create table core.fct_ranking_item (
    ranking_item_key  bigint generated always as identity primary key,
    article_key       bigint not null references core.dim_article (article_key) on delete cascade,
    list_no           integer not null,
    list_name         text,
    rank              integer not null,
    item              text not null,
    item_region_key   bigint references core.dim_region (region_key),
    sha256            text not null,
    extractor_version text,
    span_start        integer,
    span_end          integer,
    unique (article_key, list_no, rank)
);
comment on table core.fct_ranking_item is 'One row per item of a ranking list in an article.';
comment on column core.fct_ranking_item.ranking_item_key is 'Surrogate key.';
comment on column core.fct_ranking_item.article_key is 'The article.';
comment on column core.fct_ranking_item.list_no is 'Position (0-based) of the list in the article.';
comment on column core.fct_ranking_item.list_name is 'Name of the list.';
comment on column core.fct_ranking_item.rank is 'Rank, from 1.';
comment on column core.fct_ranking_item.item is 'The ranked item as written.';
comment on column core.fct_ranking_item.item_region_key is 'The region the item names, when it is a region; else null.';

create table core.fct_region_mention (
    region_mention_key bigint generated always as identity primary key,
    article_key        bigint not null references core.dim_article (article_key) on delete cascade,
    region_no          integer not null,
    region_key         bigint not null references core.dim_region (region_key),
    name               text not null,
    mention_count      integer,
    sha256             text not null,
    extractor_version  text,
    span_start         integer,
    span_end           integer,
    unique (article_key, region_no)
);
create index fct_region_mention_region_idx on core.fct_region_mention (region_key);
comment on table core.fct_region_mention is 'One row per region named in an article''s body.';
comment on column core.fct_region_mention.region_mention_key is 'Surrogate key.';
comment on column core.fct_region_mention.article_key is 'The article.';
comment on column core.fct_region_mention.region_no is 'Position (0-based) in the record''s regions.';
comment on column core.fct_region_mention.region_key is 'The region (zones not in the gazetteer are added to dim_region).';
comment on column core.fct_region_mention.name is 'The name as extracted.';
comment on column core.fct_region_mention.mention_count is 'Mentions in the body; null when not reported. The span is the first mention''s.';

create table core.fct_campaign_mention (
    campaign_mention_key bigint generated always as identity primary key,
    article_key          bigint not null references core.dim_article (article_key) on delete cascade,
    campaign_no          integer not null,
    campaign_key         bigint not null references core.dim_campaign (campaign_key),
    mention_count        integer,
    sha256               text not null,
    extractor_version    text,
    span_start           integer,
    span_end             integer,
    unique (article_key, campaign_no)
);
create index fct_campaign_mention_campaign_idx on core.fct_campaign_mention (campaign_key);
comment on table core.fct_campaign_mention is 'One row per campaign named in an article.';
comment on column core.fct_campaign_mention.campaign_mention_key is 'Surrogate key.';
comment on column core.fct_campaign_mention.article_key is 'The article.';
comment on column core.fct_campaign_mention.campaign_no is 'Position (0-based) in the record''s campaigns.';
comment on column core.fct_campaign_mention.campaign_key is 'The campaign.';
comment on column core.fct_campaign_mention.mention_count is 'Mentions in the body; null when not reported. The span is the first mention''s.';

create table core.fct_meeting (
    meeting_key       bigint generated always as identity primary key,
    article_key       bigint not null references core.dim_article (article_key) on delete cascade,
    meeting_no        integer not null,
    meeting_name      text,
    meeting_type      text,
    meeting_date      text,
    date_key          integer references core.dim_date (date_key),
    host_official_key bigint references core.dim_official (official_key),
    host_name         text,
    form              text,
    sha256            text not null,
    extractor_version text,
    span_start        integer,
    span_end          integer,
    unique (article_key, meeting_no)
);
create index fct_meeting_host_idx on core.fct_meeting (host_official_key);
comment on table core.fct_meeting is 'One row per meeting an article reports as taking place.';
comment on column core.fct_meeting.meeting_key is 'Surrogate key.';
comment on column core.fct_meeting.article_key is 'The article.';
comment on column core.fct_meeting.meeting_no is 'Position (0-based) in the record''s meetings.';
comment on column core.fct_meeting.meeting_name is 'Name of the meeting.';
comment on column core.fct_meeting.meeting_type is 'Type of meeting.';
comment on column core.fct_meeting.meeting_date is 'Date as written: YYYY-MM-DD, --MM-DD or null.';
comment on column core.fct_meeting.date_key is
    'The meeting''s day: its date, or its --MM-DD placed in the year of the article''s publication; else the article''s reference date.';
comment on column core.fct_meeting.host_official_key is 'The official who hosted it; null when not stated.';
comment on column core.fct_meeting.host_name is 'The host''s name as extracted.';
comment on column core.fct_meeting.form is 'video or in_person; null when not stated.';

create table core.fct_keyword (
    keyword_key       bigint generated always as identity primary key,
    article_key       bigint not null references core.dim_article (article_key) on delete cascade,
    keyword_no        integer not null,
    term              text not null,
    weight            numeric,
    sha256            text not null,
    extractor_version text,
    span_start        integer,
    span_end          integer,
    unique (article_key, keyword_no)
);
comment on table core.fct_keyword is 'One row per top TF-IDF term of an article.';
comment on column core.fct_keyword.keyword_key is 'Surrogate key.';
comment on column core.fct_keyword.article_key is 'The article.';
comment on column core.fct_keyword.keyword_no is 'Position (0-based), highest weight first.';
comment on column core.fct_keyword.term is 'The term.';
comment on column core.fct_keyword.weight is 'Its TF-IDF weight.';

-- Evidence columns mean the same in every fact table.
do $$
declare
    t text;
begin
    foreach t in array array['fct_article', 'fct_official_role', 'fct_figure', 'fct_ranking_item',
                             'fct_region_mention', 'fct_campaign_mention', 'fct_meeting', 'fct_keyword'] loop
        execute format('comment on column core.%I.sha256 is %L', t,
                       'Evidence: sha256 of the raw bytes of the article version this row was extracted from.');
        execute format('comment on column core.%I.extractor_version is %L', t,
                       'Evidence: version of the extractor that produced this row.');
        execute format('comment on column core.%I.span_start is %L', t,
                       'Evidence: start offset (0-based, characters) of the source sentence in dim_article.body; '
                       || 'substr(body, span_start + 1, span_end - span_start) shows it. Article-level rows span the whole body.');
        execute format('comment on column core.%I.span_end is %L', t,
                       'Evidence: end offset (exclusive) of the source sentence in dim_article.body.');
    end loop;
end
$$;

-- Helpers used by publish.
create function core.date_key(d date) returns integer
    language sql immutable strict
    return (extract(year from d) * 10000 + extract(month from d) * 100 + extract(day from d))::integer;
comment on function core.date_key(date) is 'The dim_date key (yyyymmdd) of a day.';

create function core.written_date(written text, reference date) returns date
    language sql immutable
    return case
        when written ~ '^\d{4}-\d{2}-\d{2}' then substr(written, 1, 10)::date
        when written ~ '^--\d{2}-\d{2}$' and reference is not null then (
            with md as (select substr(written, 3, 2)::int as m, substr(written, 6, 2)::int as d),
                 y as (select extract(year from reference)::int as y)
            select case
                -- a day of last year when this year's would fall more than a week after the reference
                when make_date(y.y, md.m, least(md.d, 28)) + (md.d - least(md.d, 28)) > reference + 7
                    then make_date(y.y - 1, md.m, least(md.d, 28)) + (md.d - least(md.d, 28))
                else make_date(y.y, md.m, least(md.d, 28)) + (md.d - least(md.d, 28))
            end
            from md cross join y)
    end;
comment on function core.written_date(text, date) is
    'A date as written (YYYY-MM-DD…, or --MM-DD placed in the year of the reference date, the year before if it would fall over a week after it); null otherwise.';

create function core.region_id_of(admin_code text, level text, name text, context_region_id text) returns text
    language sql immutable
    return coalesce(nullif(admin_code, ''),
                    coalesce(nullif(level, ''), 'zone') || ':' || coalesce(context_region_id, '') || ':' || name);
comment on function core.region_id_of(text, text, text, text) is
    'dim_region.region_id of a mentioned region: its admin code, else <level>:<region_id of the article''s region>:<name>.';

create function core.official_id_of(name text, region_id text) returns text
    language sql immutable
    return coalesce(region_id, '') || ':' || name;
comment on function core.official_id_of(text, text) is 'dim_official.official_id of a name in the region of an article.';
