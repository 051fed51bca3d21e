-- What publish decides for each file of the run (and for articles it demotes); dropped at commit.
create temp table pub_file (
    source_path       text primary key,
    sha256            text,
    extractor_version text,
    outcome           text not null,  -- loaded | replaced | unchanged | duplicate | quarantined | demoted
    duplicate_of      text,
    reason            text
) on commit drop;
