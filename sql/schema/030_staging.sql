-- Staging: the run's validated records, one table per record section, loaded by COPY
-- (etl.load.staging) and emptied by publish. Names and columns are a contract with the
-- staging expectation suites. Spans are [span_start, span_end): Python str offsets into the
-- record's article.body, so substr(body, span_start + 1, span_end - span_start) is the sentence.

create table staging.article (
    run_id            text not null,
    source_path       text not null,
    sha256            text not null,
    file_name         text,
    title             text,
    published_at      text,
    event_date        text,
    source            text,
    url               text,
    script            text,
    region_name       text,
    region_code       text,
    editors           text[] not null default '{}',
    reporters         text[] not null default '{}',
    body              text,
    encoding          text,
    container         text,
    extractor_version text,
    record            jsonb not null
);
create index article_run_idx on staging.article (run_id, source_path);
comment on table staging.article is 'One row per extraction record (file) per run: the article section.';
comment on column staging.article.file_name is 'Base name of the input file (record key "file").';
comment on column staging.article.title is 'Article title; null when the file has none.';
comment on column staging.article.published_at is 'Publication time as written by the extractor (ISO 8601 date or date-time).';
comment on column staging.article.event_date is 'Date of the reported event: YYYY-MM-DD, --MM-DD when the year is not stated, or null.';
comment on column staging.article.source is 'Publishing outlet.';
comment on column staging.article.url is 'The article''s own link when the file states it.';
comment on column staging.article.script is 'Script of the input: simplified or traditional.';
comment on column staging.article.region_name is 'Name of the place the article is about.';
comment on column staging.article.region_code is 'Six-digit administrative division code of that place.';
comment on column staging.article.editors is 'Responsible editors (责任编辑), in order.';
comment on column staging.article.reporters is 'Reporters and photographers (记者), in order.';
comment on column staging.article.body is 'Cleaned, normalized body text; spans point into it.';
comment on column staging.article.encoding is 'Detected encoding of the raw bytes.';
comment on column staging.article.container is 'Container format of the raw file: text, html, markdown or json.';
comment on column staging.article.extractor_version is 'Version of the extractor that made the record.';
comment on column staging.article.record is 'The whole extraction record as emitted.';

create table staging.official_role (
    run_id      text not null,
    source_path text not null,
    sha256      text not null,
    official_no integer not null,
    name        text not null,
    titles      text[] not null default '{}',
    role        text,
    title       text,
    span_start  integer,
    span_end    integer
);
create index official_role_run_idx on staging.official_role (run_id, source_path);
comment on table staging.official_role is
    'One row per official per (role, sentence) mention of a record; one row per role without span when the record has no mentions; one row with null role when it has no roles.';
comment on column staging.official_role.official_no is 'Position (0-based) of the official in the record''s officials list.';
comment on column staging.official_role.name is 'The official''s name.';
comment on column staging.official_role.titles is 'Every title the article gives the official, in order.';
comment on column staging.official_role.role is 'host, speaker, attendee, commentator or quoted; null when no role was found.';
comment on column staging.official_role.title is 'The title stated with this mention, if any.';
comment on column staging.official_role.span_start is 'Start offset of the evidence sentence in the body.';
comment on column staging.official_role.span_end is 'End offset (exclusive) of the evidence sentence in the body.';

create table staging.region_mention (
    run_id        text not null,
    source_path   text not null,
    sha256        text not null,
    region_no     integer not null,
    name          text not null,
    admin_code    text,
    level         text,
    mention_count integer,
    span_start    integer,
    span_end      integer
);
create index region_mention_run_idx on staging.region_mention (run_id, source_path);
comment on table staging.region_mention is 'One row per region named in a record''s body.';
comment on column staging.region_mention.region_no is 'Position (0-based) in the record''s regions list.';
comment on column staging.region_mention.name is 'The region''s name as extracted.';
comment on column staging.region_mention.admin_code is 'Six-digit administrative division code; null for most development zones.';
comment on column staging.region_mention.level is 'province, prefecture, county or zone.';
comment on column staging.region_mention.mention_count is 'Number of mentions in the body; null when not reported.';
comment on column staging.region_mention.span_start is 'Start offset of the sentence of the first mention.';
comment on column staging.region_mention.span_end is 'End offset (exclusive) of that sentence.';

create table staging.figure (
    run_id      text not null,
    source_path text not null,
    sha256      text not null,
    figure_no   integer not null,
    kind        text,
    value       numeric,
    unit        text,
    text        text,
    span_start  integer,
    span_end    integer
);
create index figure_run_idx on staging.figure (run_id, source_path);
comment on table staging.figure is 'One row per figure (number with a unit) of a record.';
comment on column staging.figure.figure_no is 'Position (0-based) in the record''s figures list.';
comment on column staging.figure.kind is 'money, count, percent, points, rank or duration.';
comment on column staging.figure.value is 'The number; for money, in yuan.';
comment on column staging.figure.unit is 'The unit as stated (元, 个, 天 …).';
comment on column staging.figure.text is 'The words the figure was read from.';
comment on column staging.figure.span_start is 'Start offset of the evidence sentence in the body.';
comment on column staging.figure.span_end is 'End offset (exclusive) of the evidence sentence.';

create table staging.ranking_item (
    run_id      text not null,
    source_path text not null,
    sha256      text not null,
    list_no     integer not null,
    list_name   text,
    rank        integer not null,
    item        text not null,
    span_start  integer,
    span_end    integer
);
create index ranking_item_run_idx on staging.ranking_item (run_id, source_path);
comment on table staging.ranking_item is 'One row per item of a ranking list of a record.';
comment on column staging.ranking_item.list_no is 'Position (0-based) of the list in the record''s rankings.';
comment on column staging.ranking_item.list_name is 'Name of the ranking list.';
comment on column staging.ranking_item.rank is 'Rank of the item in the list, from 1.';
comment on column staging.ranking_item.item is 'The ranked item (a region, a department …).';
comment on column staging.ranking_item.span_start is 'Start offset of the sentence holding the list.';
comment on column staging.ranking_item.span_end is 'End offset (exclusive) of that sentence.';

create table staging.campaign_mention (
    run_id        text not null,
    source_path   text not null,
    sha256        text not null,
    campaign_no   integer not null,
    campaign      text not null,
    mention_count integer,
    span_start    integer,
    span_end      integer
);
create index campaign_mention_run_idx on staging.campaign_mention (run_id, source_path);
comment on table staging.campaign_mention is 'One row per campaign named in a record.';
comment on column staging.campaign_mention.campaign_no is 'Position (0-based) in the record''s campaigns list.';
comment on column staging.campaign_mention.campaign is 'The campaign, slogan or mechanism as written, without quotation marks.';
comment on column staging.campaign_mention.mention_count is 'Mentions in the body; null when not reported.';
comment on column staging.campaign_mention.span_start is 'Start offset of the sentence of the first mention.';
comment on column staging.campaign_mention.span_end is 'End offset (exclusive) of that sentence.';

create table staging.meeting (
    run_id       text not null,
    source_path  text not null,
    sha256       text not null,
    meeting_no   integer not null,
    name         text,
    type         text,
    meeting_date text,
    host         text,
    form         text,
    span_start   integer,
    span_end     integer
);
create index meeting_run_idx on staging.meeting (run_id, source_path);
comment on table staging.meeting is 'One row per meeting a record reports as taking place.';
comment on column staging.meeting.meeting_no is 'Position (0-based) in the record''s meetings list.';
comment on column staging.meeting.name is 'Name of the meeting.';
comment on column staging.meeting.type is 'Type of meeting (观摩点评会 …).';
comment on column staging.meeting.meeting_date is 'Date as written: YYYY-MM-DD, --MM-DD or null.';
comment on column staging.meeting.host is 'Name of the official who hosted (主持) it.';
comment on column staging.meeting.form is 'video or in_person; null when not stated.';
comment on column staging.meeting.span_start is 'Start offset of the evidence sentence in the body.';
comment on column staging.meeting.span_end is 'End offset (exclusive) of the evidence sentence.';

create table staging.keyword (
    run_id      text not null,
    source_path text not null,
    sha256      text not null,
    keyword_no  integer not null,
    term        text not null,
    weight      numeric
);
create index keyword_run_idx on staging.keyword (run_id, source_path);
comment on table staging.keyword is 'One row per top TF-IDF term of a record.';
comment on column staging.keyword.keyword_no is 'Position (0-based) in the record''s keywords list (highest weight first).';
comment on column staging.keyword.term is 'The term.';
comment on column staging.keyword.weight is 'Its TF-IDF weight.';

create table staging.quarantine (
    run_id              text not null,
    source_path         text not null,
    sha256              text,
    stage               text not null,
    reason              text not null,
    failed_expectations text[] not null default '{}',
    record              jsonb
);
create index quarantine_run_idx on staging.quarantine (run_id, source_path);
comment on table staging.quarantine is 'One row per quarantine line of a run: a file that did not become a valid record.';
comment on column staging.quarantine.sha256 is 'sha256 of the raw bytes; null when they could not be read.';
comment on column staging.quarantine.stage is 'Where it failed: ingest, extract or validate.';
comment on column staging.quarantine.reason is 'Why it failed.';
comment on column staging.quarantine.failed_expectations is 'Names of the failed expectations (validate stage).';
comment on column staging.quarantine.record is 'The extraction record when there was one.';

-- The three key columns mean the same in every staging table.
do $$
declare
    t text;
begin
    foreach t in array array['article', 'official_role', 'region_mention', 'figure', 'ranking_item',
                             'campaign_mention', 'meeting', 'keyword', 'quarantine'] loop
        execute format('comment on column staging.%I.run_id is %L', t, 'The pipeline run that loaded the row.');
        execute format('comment on column staging.%I.source_path is %L', t,
                       'Path of the file relative to the landing folder (the article''s natural id).');
        if t <> 'quarantine' then
            execute format('comment on column staging.%I.sha256 is %L', t, 'sha256 (hex) of the file''s raw bytes.');
        end if;
    end loop;
end
$$;
