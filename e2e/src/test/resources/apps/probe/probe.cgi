#!/app/busybox sh
# The isolation probe (IsolationE2ETest): GET /cgi-bin/probe?HOST:PORT,HOST:PORT,...
# tries a TCP connection to each target from inside the guest, all at once, and prints one line
# per target: "HOST:PORT open" or "HOST:PORT closed <why>".
B=/app/busybox
echo "Content-Type: text/plain"
echo ""
for t in $(echo "$QUERY_STRING" | $B tr ',' ' '); do
  (
    h=${t%:*}
    p=${t#*:}
    if out=$($B nc -w 3 "$h" "$p" -e /app/www/cgi-bin/ok 2>&1); then
      echo "$t open"
    else
      # one write per line: the probes run at once
      echo "$t closed $(echo "$out" | $B tr '\n' ' ')"
    fi
  ) &
done
wait
