module branchbot

go 1.26.0

require (
	github.com/6tail/lunar-go v1.4.7
	github.com/go-telegram/bot v1.19.0
	github.com/robfig/cron/v3 v3.0.1
	go.etcd.io/bbolt v1.5.0
	golang.org/x/text v0.44.0
	golang.org/x/time v0.16.0
)

require golang.org/x/sys v0.45.0 // indirect
