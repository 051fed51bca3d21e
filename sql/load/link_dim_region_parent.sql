-- Fill parent_region_key from parent_region_id where it is missing or stale.
update core.dim_region as child
set parent_region_key = parent.region_key
from core.dim_region as parent
where parent.region_id = child.parent_region_id
  and child.parent_region_key is distinct from parent.region_key;
