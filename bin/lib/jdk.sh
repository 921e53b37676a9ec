# Sourced by bin/run-local and .ci/run: makes JAVA_HOME point at a JDK 25 or newer, or stops with what to do.
java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME")" -ge 25 ] 2>/dev/null; then
  :
else
  candidate=""
  for dir in /usr/lib/jvm/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    if [ -x "$dir/bin/javac" ] && [ "$(java_major "$dir")" -ge 25 ] 2>/dev/null; then
      candidate="$dir"
      break
    fi
  done
  if [ -z "$candidate" ]; then
    echo "Conveyor needs a JDK 25 or newer: none found in JAVA_HOME or /usr/lib/jvm. Install one (e.g. Temurin 25) and set JAVA_HOME." >&2
    exit 1
  fi
  export JAVA_HOME="$candidate"
fi
export PATH="$JAVA_HOME/bin:$PATH"
