#!/app/busybox sh
# ServicesE2ETest: GET /cgi-bin/vcap prints the VCAP_SERVICES this instance was started with
# (busybox httpd hands its own environment to CGI scripts). busybox httpd passes the CGI's
# header lines through as written, and the router wants them ended by CRLF.
printf 'Content-Type: application/json\r\n\r\n'
printf '%s' "$VCAP_SERVICES"
