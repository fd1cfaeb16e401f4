# Sourced by scripts/test-images.sh and scripts/replica-images.sh: the root filesystem both kinds of
# image start from. Needs BUSYBOX (a busybox-static binary).

# make_rootfs <root>: busybox with every applet linked in /bin, a root user, an empty /tmp.
make_rootfs() {
  local root="$1"
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,tmp,etc,proc,sys,dev,root}
  chmod 1777 "$root/tmp"
  cp "$BUSYBOX" "$root/bin/busybox"
  local applet
  for applet in $("$BUSYBOX" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
  done
  echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
  echo "root:x:0:" >"$root/etc/group"
}
