#!/usr/bin/python3
"""umockusb: run a program against an emulated USB "loopback" device.

The program runs under umockdev's preload library, so libusb's sysfs, udev and
usbdevfs calls land in a testbed built here from a .umockdev description. The
usbdevfs ioctls on the device node are answered by LoopbackDevice below, which
models the kernel's usbdevfs URB life cycle (submit, reap, discard, disconnect)
and a small vendor device behind it.

Usage:
    umockusb.py --device FILE.umockdev -- PROGRAM ARGS...

Every device in FILE with a device node ("N:") gets a handler: a plain device
that answers the standard descriptor requests from its "descriptors" attribute
and its strings from its manufacturer/product/serial attributes; VID:PID
1209:0001 gets the loopback model described below.

Exit status: the program's, or 77 when python3-gi or the UMockdev typelib is
missing (the Go test turns that into a skip).

The loopback device (VID:PID 1209:0001), interface 0, vendor class:
  control OUT  vendor 0x01          store the data stage in a register
  control IN   vendor 0x02          return the register (at most wLength bytes)
  control IN   vendor 0x03          never answered (the host must time out)
  control OUT  vendor 0x04, wValue  unplug the device wValue ms from now
  control IN   GET_DESCRIPTOR       string descriptors (language 0x0409)
  bulk OUT 0x02                     append the data to a FIFO
  bulk IN  0x81                     take up to the buffer's length from the
                                    FIFO; pends while the FIFO is empty
  interrupt IN 0x83                 an 8-byte report: A5, sequence, 00...
Interface 0 starts bound to a kernel driver ("usbtest"), which a claim must
detach first, as on a real system.
"""

import ctypes.util
import errno
import os
import struct
import subprocess
import sys
import threading
import time

try:
    import gi
    gi.require_version('UMockdev', '1.0')
    from gi.repository import UMockdev
except (ImportError, ValueError) as exc:
    print('umockusb: python3-gi or gir1.2-umockdev-1.0 is missing: %s' % exc, file=sys.stderr)
    sys.exit(77)
if ctypes.util.find_library('umockdev-preload') is None:
    print('umockusb: libumockdev-preload.so (package umockdev) is missing', file=sys.stderr)
    sys.exit(77)


def _ioc(direction, nr, size):
    return (direction << 30) | (size << 16) | (ord('U') << 8) | nr


_NONE, _WRITE, _READ = 0, 1, 2
URB_SIZE = 56  # struct usbdevfs_urb on LP64, without iso frames

SUBMITURB = _ioc(_READ, 10, URB_SIZE)
DISCARDURB = _ioc(_NONE, 11, 0)
REAPURB = _ioc(_WRITE, 12, 8)
REAPURBNDELAY = _ioc(_WRITE, 13, 8)
SETINTERFACE = _ioc(_READ, 4, 8)
SETCONFIGURATION = _ioc(_READ, 5, 4)
GETDRIVER = _ioc(_WRITE, 8, 260)
CLAIMINTERFACE = _ioc(_READ, 15, 4)
RELEASEINTERFACE = _ioc(_READ, 16, 4)
CONNECTINFO = _ioc(_WRITE, 17, 8)
IOCTL = _ioc(_READ | _WRITE, 18, 16)
RESET = _ioc(_NONE, 20, 0)
CLEAR_HALT = _ioc(_READ, 21, 4)
DISCONNECT = _ioc(_NONE, 22, 0)
CONNECT = _ioc(_NONE, 23, 0)
GET_CAPABILITIES = _ioc(_READ, 26, 4)
DISCONNECT_CLAIM = _ioc(_READ, 27, 264)
GET_SPEED = _ioc(_NONE, 31, 0)

CAP_ZERO_PACKET = 0x01
CAP_NO_PACKET_SIZE_LIM = 0x04
CAP_REAP_AFTER_DISCONNECT = 0x10

URB_CONTROL, URB_INTERRUPT, URB_BULK = 2, 1, 3

class Urb:
    """One submitted URB, with the client memory it refers to."""

    def __init__(self, data):
        self.data = data
        raw = bytes(data.retrieve())
        (self.type, self.endpoint, _status, _flags, self.client_buf,
         self.length) = struct.unpack_from('<BBxxiI4xQi', raw, 0)
        self.addr = data.client_addr
        self.buf = data.resolve(16, self.length) if self.length > 0 and self.client_buf else None
        self.payload = bytes(self.buf.retrieve()) if self.buf is not None else b''

    def finish(self, status, reply=b'', actual=None, offset=0):
        """Fill in the result as the kernel does when the URB completes."""
        if reply and self.buf is not None:
            self.buf.update(offset, reply)
        if actual is None:
            actual = len(reply)
        self.data.update(4, struct.pack('<i', status))
        self.data.update(28, struct.pack('<i', actual))


class UsbfsDevice:
    """A device behind usbdevfs: the URB life cycle, interface claims, kernel
    driver binding, and the standard descriptor requests."""

    def __init__(self, testbed, syspath, descriptors, strings):
        self.testbed = testbed
        self.syspath = syspath
        self.descriptors = descriptors  # device descriptor, then the configuration
        self.strings = strings          # string index -> text
        self.lock = threading.Lock()
        self.pending = []        # submitted, not completed, in order
        self.done = []           # completed, waiting to be reaped
        self.kernel_driver = {}  # interface -> bound kernel driver
        self.owner = {}          # interface -> the client (connection) that claimed it
        self.interfaces = {0}
        self.unplug_at = None
        self.gone = False

    # --- dispatch -----------------------------------------------------

    def handle(self, _base, client):
        with self.lock:
            self._maybe_unplug()
            req = client.get_request()
            try:
                res, err = self._dispatch(client, req)
            except Exception as exc:  # a bug here must not hang the client
                print('umockusb: ioctl 0x%x failed: %r' % (req, exc), file=sys.stderr)
                res, err = -1, errno.EIO
        if req in (REAPURB, REAPURBNDELAY) and err == errno.EAGAIN:
            time.sleep(0.0005)  # usbfs polls as always ready here; keep the spin cheap
        client.complete(res, err)
        return True

    def _dispatch(self, client, req):
        arg = client.get_arg()
        if req in (REAPURB, REAPURBNDELAY):
            return self._reap(arg)
        if self.gone:
            return -1, errno.ENODEV
        if req == SUBMITURB:
            return self._submit(Urb(arg.resolve(0, URB_SIZE)))
        if req == DISCARDURB:
            return self._discard(struct.unpack('<Q', bytes(arg.retrieve()))[0])
        if req == GET_CAPABILITIES:
            arg.resolve(0, 4).update(0, struct.pack('<I', CAP_ZERO_PACKET | CAP_NO_PACKET_SIZE_LIM |
                                                   CAP_REAP_AFTER_DISCONNECT))
            return 0, 0
        if req == GETDRIVER:
            data = arg.resolve(0, 260)
            ifno = struct.unpack_from('<I', bytes(data.retrieve()))[0]
            name = self.kernel_driver.get(ifno) or ('usbfs' if ifno in self.owner else None)
            if name is None:
                return -1, errno.ENODATA
            data.update(4, name.encode() + b'\0')
            return 0, 0
        if req == IOCTL:
            ifno, code = struct.unpack_from('<iI', bytes(arg.resolve(0, 16).retrieve()))
            if ifno not in self.interfaces:
                return -1, errno.EINVAL
            if code == DISCONNECT:
                if ifno not in self.kernel_driver:
                    return -1, errno.ENODATA
                del self.kernel_driver[ifno]
                return 0, 0
            if code == CONNECT:
                if ifno not in self.owner:
                    self.kernel_driver[ifno] = self.default_driver
                return 0, 0
            return -1, errno.ENOTTY
        if req == CLAIMINTERFACE:
            ifno = struct.unpack('<I', bytes(arg.resolve(0, 4).retrieve()))[0]
            if ifno not in self.interfaces:
                return -1, errno.ENOENT
            if ifno in self.kernel_driver or self.owner.get(ifno, client) is not client:
                return -1, errno.EBUSY
            self.owner[ifno] = client
            return 0, 0
        if req == RELEASEINTERFACE:
            ifno = struct.unpack('<I', bytes(arg.resolve(0, 4).retrieve()))[0]
            if self.owner.get(ifno) is not client:
                return -1, errno.EINVAL
            del self.owner[ifno]
            return 0, 0
        if req in (SETINTERFACE, SETCONFIGURATION, CLEAR_HALT, RESET):
            return 0, 0
        if req == GET_SPEED:
            return 3, 0  # USB_SPEED_HIGH
        return -1, errno.ENOTTY  # DISCONNECT_CLAIM and the rest: an older kernel

    def client_vanished(self, _base, client):
        with self.lock:
            for ifno, owner in list(self.owner.items()):
                if owner is client:
                    del self.owner[ifno]

    # --- URB life cycle -----------------------------------------------

    default_driver = 'hub'

    def _submit(self, urb):
        if urb.type == URB_CONTROL:
            return self._control(urb)
        return -1, errno.ENOENT  # no such endpoint in the claimed interface

    def _control(self, urb):
        """Answers the standard requests; vendor() may handle the rest."""
        if urb.length < 8:
            return -1, errno.EINVAL
        rtype, request, value, _index, wlength = struct.unpack_from('<BBHHH', urb.payload)
        reply, status = b'', 0
        if rtype == 0x80 and request == 6:
            reply = self._descriptor(value >> 8, value & 0xFF)
            if reply is None:
                reply, status = b'', -errno.EPIPE
        else:
            answer = self.vendor(urb, rtype, request, value, wlength)
            if answer is None:
                return 0, 0  # left pending
            reply, status = answer
        reply = reply[:wlength]
        actual = len(reply) if rtype & 0x80 else wlength
        urb.finish(status, reply, actual=actual if status == 0 else 0, offset=8)
        self.done.append(urb)
        return 0, 0

    def vendor(self, urb, rtype, request, value, wlength):
        """Returns (reply, status), or None to leave the URB pending."""
        return b'', -errno.EPIPE  # a stall, as a device does for an unknown request

    def _descriptor(self, kind, index):
        if kind == 1:
            return self.descriptors[:18]
        if kind == 2 and index == 0:
            return self.descriptors[18:]
        if kind == 3:
            return self._string(index)
        return None

    def _string(self, index):
        if index == 0:
            return bytes([4, 3, 0x09, 0x04])
        text = self.strings.get(index)
        if text is None:
            return None
        body = text.encode('utf-16-le')
        return bytes([2 + len(body), 3]) + body

    def _discard(self, addr):
        for urb in self.pending:
            if urb.addr == addr:
                self.pending.remove(urb)
                urb.finish(-errno.ENOENT)
                self.done.insert(0, urb)
                return 0, 0
        return -1, errno.EINVAL  # already completed: the client will reap it

    def _reap(self, arg):
        if not self.done:
            return -1, (errno.ENODEV if self.gone else errno.EAGAIN)
        urb = self.done.pop(0)
        arg.resolve(0, 8).set_ptr(0, urb.data)
        return 0, 0

    def _maybe_unplug(self):
        if self.gone or self.unplug_at is None or time.monotonic() < self.unplug_at:
            return
        # What usbfs does on disconnect: every URB in flight completes with
        # -ESHUTDOWN and can still be reaped; everything else fails with ENODEV.
        self.gone = True
        for urb in self.pending:
            urb.finish(-errno.ESHUTDOWN)
            self.done.append(urb)
        self.pending = []
        self.testbed.uevent(self.syspath, 'remove')


class Loopback(UsbfsDevice):
    """The loopback device of the module docstring."""

    default_driver = 'usbtest'

    def __init__(self, *args):
        super().__init__(*args)
        self.kernel_driver = {0: self.default_driver}
        self.fifo = bytearray()
        self.register = b''
        self.report_seq = 0

    def _submit(self, urb):
        if urb.type == URB_CONTROL:
            return self._control(urb)
        if (urb.type, urb.endpoint) == (URB_BULK, 0x02):
            self.fifo += urb.payload
            urb.finish(0, actual=len(urb.payload))
            self.done.append(urb)
            return 0, 0
        if (urb.type, urb.endpoint) == (URB_BULK, 0x81):
            self.pending.append(urb)
            self._feed_bulk_in()
            return 0, 0
        if (urb.type, urb.endpoint) == (URB_INTERRUPT, 0x83):
            self.report_seq = (self.report_seq + 1) & 0xFF
            urb.finish(0, bytes([0xA5, self.report_seq, 0, 0, 0, 0, 0, 0])[:urb.length])
            self.done.append(urb)
            return 0, 0
        return -1, errno.ENOENT  # no such endpoint in the claimed interface

    def _feed_bulk_in(self):
        for urb in [u for u in self.pending if u.endpoint == 0x81]:
            if not self.fifo:
                return
            chunk = bytes(self.fifo[:urb.length])
            del self.fifo[:len(chunk)]
            urb.finish(0, chunk)
            self.pending.remove(urb)
            self.done.append(urb)

    def vendor(self, urb, rtype, request, value, wlength):
        if rtype == 0x40 and request == 0x01:
            self.register = urb.payload[8:8 + wlength]
            return b'', 0
        if rtype == 0xC0 and request == 0x02:
            return self.register, 0
        if rtype == 0xC0 and request == 0x03:
            self.pending.append(urb)  # the device never answers
            return None
        if rtype == 0x40 and request == 0x04:
            self.unplug_at = time.monotonic() + value / 1000.0
            return b'', 0
        return super().vendor(urb, rtype, request, value, wlength)

def parse_umockdev(path):
    """Yields (syspath, attributes, devnode) for each device in a .umockdev file."""
    with open(path) as f:
        blocks = f.read().split('\n\n')
    for block in blocks:
        syspath, attrs, node = None, {}, None
        for line in block.splitlines():
            tag, _, rest = line.partition(': ')
            if tag == 'P':
                syspath = '/sys' + rest.strip()
            elif tag == 'N':
                node = '/dev/' + rest.split('=', 1)[0].strip()
            elif tag in ('A', 'H'):
                name, _, value = rest.partition('=')
                attrs[name] = bytes.fromhex(value) if tag == 'H' else value
        if syspath:
            yield syspath, attrs, node


def main(argv):
    device_file, cmd = None, None
    i = 1
    while i < len(argv):
        if argv[i] == '--device':
            device_file, i = argv[i + 1], i + 2
        elif argv[i] == '--':
            cmd = argv[i + 1:]
            break
        else:
            print('umockusb: unknown argument %s' % argv[i], file=sys.stderr)
            return 2
    if not device_file or not cmd:
        print(__doc__, file=sys.stderr)
        return 2

    # uevents are sent through libudev, which must see the testbed's /sys as the
    # program does: run this driver under the preload library too.
    if 'libumockdev-preload' not in os.environ.get('LD_PRELOAD', ''):
        env = dict(os.environ)
        env['LD_PRELOAD'] = ':'.join(p for p in ('libumockdev-preload.so.0', env.get('LD_PRELOAD')) if p)
        os.execve(sys.executable, [sys.executable] + argv, env)

    testbed = UMockdev.Testbed.new()
    testbed.add_from_file(device_file)
    handlers = []  # GObjects must outlive the program run
    for syspath, attrs, node in parse_umockdev(device_file):
        if node is None or 'descriptors' not in attrs:
            continue
        desc = attrs['descriptors']
        strings = {}
        for name, offset in (('manufacturer', 14), ('product', 15), ('serial', 16)):
            if desc[offset] and name in attrs:
                strings[desc[offset]] = attrs[name]
        vid_pid = struct.unpack_from('<HH', desc, 8)
        model = (Loopback if vid_pid == (0x1209, 0x0001) else UsbfsDevice)(testbed, syspath, desc, strings)
        handler = UMockdev.IoctlBase()
        handler.connect('handle-ioctl', model.handle)
        handler.connect('client-vanished', model.client_vanished)
        testbed.attach_ioctl(node, handler)
        handlers.append((handler, model))

    env = dict(os.environ)
    env['UMOCKDEV_DIR'] = testbed.get_root_dir()
    return subprocess.call(cmd, env=env)


if __name__ == '__main__':
    sys.exit(main(sys.argv))
