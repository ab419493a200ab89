module gotrace.local/workload

go 1.22
