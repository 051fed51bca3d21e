select outcome, count(*) from pub_file group by outcome order by outcome;
