package sbi

import (
	"bytes"
	"context"
	"image/jpeg"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/rekam-id/rekam/app/enroll"
)

// Stream opens the device's live preview (STREAM) for a sub-device and delivers its
// JPEG frames until ctx is done, the device ends the stream (after its timeout, by
// default five minutes, or ctx's deadline when it has one) or the stream breaks; the
// channel is closed then. A frame the consumer has not taken is dropped for a newer one.
// The call returns once the device has answered, within Config.CallTimeout.
// Errors: KindNotConnected, KindBusy, KindTimeout, KindProtocol.
func (c *Client) Stream(ctx context.Context, subID int) (<-chan enroll.Frame, error) {
	const op = "sbi preview"
	d := c.Device()
	req := streamRequest{DeviceID: d.DeviceID, DeviceSubID: strconv.Itoa(subID)}
	if dl, ok := ctx.Deadline(); ok {
		req.Timeout = strconv.FormatInt(max(1, time.Until(dl).Milliseconds()), 10)
	}
	sctx, cancel := context.WithCancel(ctx)
	timer := time.AfterFunc(c.cfg.CallTimeout, cancel)
	resp, err := call(sctx, c.cfg, "STREAM", d.BaseURL+"/stream", req)
	late := !timer.Stop() // the device did not answer within CallTimeout
	if err == nil && late {
		resp.Body.Close()
	}
	if err != nil || late {
		cancel()
		if late && ctx.Err() == nil {
			err = context.DeadlineExceeded
		}
		err = transportErr(op, ctx, err)
		c.setStatus(err)
		return nil, err
	}
	pr, err := c.streamReader(op, resp)
	if err != nil {
		resp.Body.Close()
		cancel()
		c.setStatus(err)
		return nil, err
	}
	frames := make(chan enroll.Frame, 1)
	go func() {
		defer close(frames)
		defer cancel()
		defer resp.Body.Close()
		for {
			part, err := pr.Next()
			if err != nil {
				return
			}
			if ct := part.Header["content-type"]; ct != "" && !strings.HasPrefix(ct, "image/jpeg") {
				continue
			}
			img, err := jpeg.Decode(bytes.NewReader(part.Body))
			if err != nil {
				continue // a damaged frame; the next one replaces it
			}
			f := enroll.Frame{Image: img, At: c.cfg.Now(), Quality: -1}
			select {
			case frames <- f:
			default:
				select { // drop the stale frame, keep the new one
				case <-frames:
				default:
				}
				select {
				case frames <- f:
				case <-sctx.Done():
					return
				}
			}
			if sctx.Err() != nil {
				return
			}
		}
	}()
	return frames, nil
}

// streamReader checks the STREAM response: a JSON body is the device's error.
func (c *Client) streamReader(op string, resp *http.Response) (*PartReader, error) {
	ct := resp.Header.Get("Content-Type")
	mt, _, _ := mime.ParseMediaType(ct)
	if mt == "application/json" {
		b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		if err != nil {
			return nil, transportErr(op, resp.Request.Context(), err)
		}
		var se streamError
		if err := decodeJSON(b, &se); err != nil || !se.Error.failed() {
			return nil, protoErr(op, "stream answered with JSON that is not an error: %.100q", b)
		}
		return nil, c.codeErr(op, se.Error)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, protoErr(op, "STREAM: HTTP status %s", resp.Status)
	}
	pr, err := NewPartReader(resp.Body, ct)
	if err != nil {
		return nil, protoErr(op, "%v", err)
	}
	return pr, nil
}
