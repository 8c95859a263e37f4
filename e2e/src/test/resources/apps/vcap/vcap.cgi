#!/app/busybox sh
# ServicesE2ETest: GET /cgi-bin/vcap prints the VCAP_SERVICES this instance was started with
# (busybox httpd hands its own environment to CGI scripts).
echo "Content-Type: application/json"
echo ""
printf '%s' "$VCAP_SERVICES"
