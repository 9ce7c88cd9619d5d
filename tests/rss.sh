# Shared by the shell tests that write small feeds of their own (sourced
# after tests/lib.sh).
#
# rss FILE TITLE ITEM...: an RSS 2.0 file; each ITEM is "guid|title" or
# "guid|title|author", every item published Mon, 01 Jun 2026 10:00 UTC
# with the description "body of TITLE".
rss() {
	f=$1
	t=$2
	shift 2
	{
		echo '<?xml version="1.0"?><rss version="2.0"><channel>'
		echo "<title>$t</title><link>http://example.org/</link>"
		for it in "$@"; do
			g=${it%%|*}
			rest=${it#*|}
			ti=${rest%%|*}
			echo "<item><guid>$g</guid><title>$ti</title>"
			case $rest in
			*"|"*) echo "<author>${rest#*|}</author>" ;;
			esac
			echo "<description>body of $ti</description><pubDate>Mon, 01 Jun 2026 10:00:00 +0000</pubDate></item>"
		done
		echo '</channel></rss>'
	} >"$f"
}
