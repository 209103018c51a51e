// Package face finds the applicant's face and eyes in a captured photo, checks the photo
// against portrait rules in the spirit of ICAO Doc 9303 and ISO/IEC 19794-5 (full frontal
// image), crops it to the e-KTP portrait ratio, and checks the background colour that the
// e-KTP rules tie to citizenship and birth year.
//
// Vocabulary:
//
//   - A Face is one detection: a square box, a score and the two pupils. "Left" and "right"
//     are the image's left and right (the subject's right eye is LeftEye).
//   - The portrait is the 3:4 (width:height) frame cut out of the capture. 3:4 is the
//     ratio this project fixed for the e-KTP photo (no official pixel size was at hand),
//     and the ratio of ISO/IEC 19794-5 token images (height = width / 0.75); a different
//     print size needs only a resize of the crop. PortraitRect chooses the frame, Crop
//     copies it.
//   - A Report bundles the detections, the measurements and the Issues of one photo. Every
//     Issue has a stable Code (FACE_NONE, BACKGROUND_WRONG, ...) for programs and a message
//     in Bahasa Indonesia and English for people.
//
// Geometry (after ISO/IEC 19794-5 token and full-frontal images): the portrait is centred
// horizontally on the face, with the eye line 45 % of the portrait height from the top
// (token images: 0.6 × width), and is as wide as the face box divided by 0.6, but never
// larger than the largest 3:4 frame that fits in the capture. So a subject far from the
// camera is zoomed in (the check is then on resolution: enough pixels between the eyes), and
// a subject too close, or too near an edge, gives a face that fills more than 75 % of the
// portrait width, or sits off centre.
//
// Detection uses the pico method (Markuš et al., arXiv:1305.4537) through
// github.com/esimov/pigo, the package's one third-party import. Its trained cascades are
// embedded (see cascade/NOTICE.md for their origin and licence), so nothing is read from
// disk. Detection runs on a box-filtered grayscale copy whose longer side is at most about
// 480 pixels; the pupils are then localised on the full-resolution luma.
//
// The package does no I/O: callers decode the image (any image.Image) and pass it in.
package face
