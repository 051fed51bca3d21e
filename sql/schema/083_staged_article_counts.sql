-- Each staged article carries the counts of the rows staged for it in the section tables, made by the
-- loader from the rows it COPYs (etl/load/staging.py): core.fct_article takes them as they are, since
-- publish inserts every staged row of a published article. Before, each fact statement returned the
-- rows it inserted and counted them per article (a temporary table, then an aggregate of it): on a
-- staged 10^5 run the fact statements took 4.0-4.4 s without that and 5.0-5.6 s with it.
-- Nullable: rows staged before this have no counts, and publishing them fails on fct_article's
-- not-null columns rather than counting nothing (the staging audit reports them as missing values).
alter table staging.article
    add column official_count      integer,
    add column official_role_count integer,
    add column region_count        integer,
    add column figure_count        integer,
    add column money_figure_count  integer,
    add column money_total         numeric,
    add column ranking_count       integer,
    add column ranking_item_count  integer,
    add column campaign_count      integer,
    add column meeting_count       integer,
    add column keyword_count       integer;
comment on column staging.article.official_count is 'Distinct names in staging.official_role for this article.';
comment on column staging.article.official_role_count is 'Rows staged in staging.official_role for this article.';
comment on column staging.article.region_count is 'Rows staged in staging.region_mention for this article.';
comment on column staging.article.figure_count is 'Rows staged in staging.figure for this article.';
comment on column staging.article.money_figure_count is 'Of those, figures of kind money.';
comment on column staging.article.money_total is 'Sum of the money figures'' values; null when there are none.';
comment on column staging.article.ranking_count is 'Ranking lists with at least one item staged.';
comment on column staging.article.ranking_item_count is 'Rows staged in staging.ranking_item for this article.';
comment on column staging.article.campaign_count is 'Rows staged in staging.campaign_mention for this article.';
comment on column staging.article.meeting_count is 'Rows staged in staging.meeting for this article.';
comment on column staging.article.keyword_count is 'Rows staged in staging.keyword for this article.';
